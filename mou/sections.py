"""The MOU's sections (the guide's topics to agree, ROADMAP stage 2) and the built-in starting text
that HQ can replace through the template editor."""
from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("purpose", _("Purpose of the partnership and shared vision")),
    ("bodies", _("Policy and execution bodies and their representatives")),
    ("evaluation", _("Evaluation, measurement and control")),
    ("parties", _("Parties, additional partners and the exit clause")),
    ("responsibility", _("Responsibility and ownership")),
    ("timeframe_budget", _("Timeframe and budget framework")),
    ("strategy", _("The authority-focused strategy's three dimensions")),
    ("principles", _("Shared principles")),
    ("operating_model", _("Operating model")),
    ("appendices", _("Appendices")),
]
SECTION_KEYS = [key for key, _label in SECTIONS]
SECTION_LABELS = dict(SECTIONS)

DEFAULT_TITLE = {
    "he": "מסמך הבנות (MOU) – שותפות לקידום מוביליות חברתית",
    "en": "Memorandum of understanding – a partnership for social mobility",
}

DEFAULT_SECTIONS = {
    "he": {
        "purpose": "החזון המשותף שם את קידום המוביליות החברתית והנגשת ההזדמנויות לתושבי הרשות כחזון ארוך "
                   "טווח. במטרה להגשים חזון זה חוברים הצדדים ליישום אסטרטגיה יישובית המחזקת את יכולות "
                   "הרשות בקידום מוביליות חברתית.",
        "bodies": "מינהלת יישובית רב-מגזרית (30-40 חברים, בראשות ראש הרשות, מתכנסת מדי חודש); צוות מוביל "
                  "(5-6 חברים, בראשות מנכ\"ל הרשות); ועדות וצוותים מקצועיים לכל תחום מוביליות. בכל גוף "
                  "יפורטו הנציגים ומי מייצג את מי.",
        "evaluation": "הצדדים יגדירו תוצאות ארוכות טווח משותפות ונתוני זהב, יקיימו בקרה של תכנון מול ביצוע "
                      "במינהלת, ויעריכו את בניית התשתיות באמצעות מצפן תוצאות התשתית בשנה הראשונה ובשנה "
                      "השלישית.",
        "parties": "הצדדים להסכם: הרשות המקומית והנהלת היוזמה. שותפים נוספים: משרדי ממשלה, קרנות, ארגוני "
                   "חברה אזרחית ועסקים, כפי שיצורפו בהסכמה. סעיף יציאה: כל צד רשאי לסיים את השותפות "
                   "בהודעה מוקדמת של שישה חודשים, לאחר דיון בצוות המוביל ובכתב.",
        "responsibility": "ראש הרשות משמש יו\"ר המינהלת; מנכ\"ל הרשות מחויב ללוות את התהליך באופן אישי; "
                          "הרשות מובילה והיא הבעלים של התהליך ושל תוצריו.",
        "timeframe_budget": "השותפות תימשך חמש שנים: פרה-הקמה (4 חודשים), שנת תכנון (8 חודשים) ושנות "
                            "יישום. המסגרת התקציבית מפורטת בנספח התקציבי.",
        "strategy": "העמקה באסטרטגיה ממוקדת רשות בשלושה ממדים: הרשות כמפתח לשינוי; חיזוק התשתיות "
                    "החברתיות; השפעה על מנופי המוביליות.",
        "principles": "שינוי מערכתי; שימוש בנתונים כבסיס לקבלת החלטות; שיתוף הציבור; השקעה מותנית; טווח "
                      "ארוך.",
        "operating_model": "המנהלת היישובית היא חלק מהרשות וכפופה למנכ\"ל או לראש אגף. היא מנהלת את "
                           "התהליכים, את ציר היישום ואת הקהילות, והתפקיד יהפוך לתקן ברשות במועד מוסכם.",
        "appendices": "נספח א': מבנה השותפות. נספח ב': ארגונים מסייעים. נספח ג': תהליכי יישום (מיפוי "
                      "ומחקר). נספח ד': עקרונות ההשקעה. נספח ה': נספח תקציבי.",
    },
    "en": {
        "purpose": "The shared vision puts social mobility and access to opportunity for the authority's "
                   "residents at its heart as a long-term vision. To realise it, the parties join to "
                   "implement a local strategy that strengthens the authority's capacity to promote social "
                   "mobility.",
        "bodies": "A multi-sector steering committee (30-40 members, chaired by the head of the authority, "
                  "meeting monthly); a leading team (5-6 members, chaired by the municipal CEO); professional "
                  "teams for each mobility domain. Each body lists its representatives and whom they "
                  "represent.",
        "evaluation": "The parties define shared long-term outcomes and golden data, review plan against "
                      "actual in the steering committee, and assess the infrastructures built with the "
                      "infrastructure outcomes compass in years 1 and 3.",
        "parties": "Parties: the local authority and the initiative management. Additional partners: "
                   "ministries, foundations, civil society and business, as agreed. Exit clause: either "
                   "party may end the partnership with six months' written notice after a discussion in "
                   "the leading team.",
        "responsibility": "The head of the authority chairs the steering committee; the municipal CEO is "
                          "personally committed; the authority leads and owns the process and its outputs.",
        "timeframe_budget": "The partnership runs for five years: pre-establishment (4 months), the planning "
                            "year (8 months) and implementation. The budget framework is in the budget "
                            "appendix.",
        "strategy": "Deepening an authority-focused strategy in three dimensions: the authority as the key "
                    "to change; strengthening social infrastructures; influencing the levers of mobility.",
        "principles": "Systemic change; data-based decisions; public participation; conditional investment; "
                      "long term.",
        "operating_model": "The local director is part of the authority, reporting to the CEO or a division "
                           "head. They manage the processes, the implementation axis and the communities; "
                           "the role becomes a permanent post in the authority by an agreed date.",
        "appendices": "Appendix A: partnership structure. Appendix B: supporting organizations. Appendix C: "
                      "implementation processes (mapping and research). Appendix D: investment principles. "
                      "Appendix E: budget appendix.",
    },
}
