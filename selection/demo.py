"""Demo data for stage 1: an open round in its comparison stage (the Negev towns of the real CBS
registry, with locality files, interviews, answers to the call and readiness scores by two HQ
assessors) and the decided round that brought Nahariya and Mitzpe Ramon into the network.
Idempotent: a round that already exists is left alone."""
import datetime as dt

from accounts.models import User
from municipalities.models import Municipality
from selection import services
from selection.models import Candidate, CandidateStatus, SelectionRound

SOUTH = "הדרום"
OPEN_ROUND = "הרחבה דרומית 2027"
DECIDED_ROUND = "סבב 2021: צפון ונגב"

# cbs code: (recommendation, opportunities, investments, big moves, trends, answered, readiness by two assessors)
FILES = {
    "0831": (5, 4, "תכנית 'ערים מצמיחות' של משרד הכלכלה; קרן משפחתית מממנת מרכז צעירים",
             "משרד החינוך מרחיב את תכנית 'אופק חדש' לגני הילדים; עמותת 'ידידי ירוחם' מפעילה מרכז למידה",
             "פתיחת מפעלים באזור התעשייה ומגורים חדשים לצעירים", True,
             {"formal_leadership": (5, 4), "informal_leadership": (4, 4), "cooperation": (4, 5), "urgency": (4, 4),
              "resources": (3, 3), "stability": (5, 4)}),
    "2560": (3, 3, "תכנית החומש של משרד הנגב והגליל", "רשת מתנ\"סים מחדשת את מרכז הנוער",
             "הגירה שלילית של צעירים לבאר שבע", True,
             {"formal_leadership": (3, 3), "informal_leadership": (3, 2), "cooperation": (3, 3), "urgency": (4, 5),
              "resources": (2, 3), "stability": (3, 3)}),
    "1161": (4, 5, "תכנית 922 לפיתוח כלכלי בחברה הערבית; השקעות בהשכלה גבוהה לצעירות",
             "קרן פילנתרופית מממנת מרכז הכוון תעסוקתי; משרד הרווחה מרחיב תכנית גיל רך",
             "גידול מהיר באוכלוסיית הילדים; הקמת קמפוס מכללה סמוך", True,
             {"formal_leadership": (3, 4), "informal_leadership": (4, 4), "cooperation": (3, 2), "urgency": (5, 5),
              "resources": (2, 2), "stability": (2, 3)}),
    "0246": (4, 3, "פרויקט התחדשות עירונית בשכונות הוותיקות", "רשת חינוך ארצית פותחת תיכון טכנולוגי",
             "הרכבת לבאר שבע מקצרת את זמני הנסיעה", False,
             {"formal_leadership": (4, 4), "informal_leadership": (3, 3), "cooperation": (4, 3), "urgency": (3, 3),
              "resources": (4, 3), "stability": (4, 4)}),
    "2200": (3, 4, "הסכם גג עם רשות מקרקעי ישראל; השקעות בתעשייה", "קרן השקעה חברתית מממנת תכנית מצוינות במדעים",
             "ירידה בתעסוקה במפעלי ים המלח", True,
             {"formal_leadership": (3, 3), "informal_leadership": (4, 3), "cooperation": (3, 3), "urgency": (4, 4),
              "resources": (3, 3), "stability": (2, 2)}),
}
COMMENTS = [
    ("0831", "מנהלת אגף החינוך", "רשות", "יש צוות מקצועי יציב שמוכן להוביל, חסר תקציב לגיל הרך."),
    ("0831", "מנכ\"ל עמותה אזורית", "חברה אזרחית", "שיתוף הפעולה עם הרשות טוב; הקהילה מעורבת."),
    ("1161", "יועצת ראש העירייה", "רשות", "דחיפות גבוהה בתחום התעסוקה של צעירות; נדרשת תמיכה בבניית יכולות."),
    ("2560", "רכז נוער", "רשות", "תחלופה בהנהלת הרשות בשנים האחרונות; רצון לשינוי."),
    ("2200", "נציגת משרד החינוך", "ממשלה", "הרשות פתוחה לעבודה משותפת אך עסוקה במשבר התעסוקה."),
]


def seed(*, stdout):
    hq = User.objects.filter(username="hq").first()
    admin = User.objects.filter(username="hq-admin").first()
    if hq is None or admin is None or not Municipality.objects.filter(cbs_code="0831").exists():
        stdout.write("  selection: skipped (needs the CBS registry and the HQ demo users)")
        return
    if not SelectionRound.objects.filter(name=DECIDED_ROUND).exists():
        _decided_round(hq, admin)
    if not SelectionRound.objects.filter(name=OPEN_ROUND).exists():
        _open_round(hq, admin)
    stdout.write("  selection: demo rounds ready")


def _open_round(hq, admin):
    round = services.round_create(name=OPEN_ROUND, by=hq, description=(
        "איתור 2-3 רשויות בנגב להצטרפות ליוזמה בשנת 2027, באשכול חברתי-כלכלי 1-4 ובפריפריה."))
    criteria = {"se_max": 4, "per_max": 4, "kinds": ["city", "local_council"], "districts": [SOUTH]}
    services.candidates_from_filter(round=round, criteria=criteria, by=hq)
    dimona = Municipality.objects.get(cbs_code="2200")
    services.candidate_add(round=round, municipality=dimona, by=hq,
                           reason="אשכול 5 אך פריפריאלית מאוד; שותף מוביל ממליץ בחום")
    kuseife = round.candidates.get(municipality__cbs_code="1059")
    services.candidate_set_status(candidate=kuseife, status=CandidateStatus.DROPPED, by=hq,
                                  reason="פועלת בה תכנית אחות של הקרן")
    services.call_update(round=round, by=hq, call_sent_on=dt.date(2026, 9, 1), call_deadline=dt.date(2026, 10, 15),
                         call_text="קול קורא לרשויות: יכולת ארגונית, מוטיבציה של ההנהגה ומחויבות לתקן מנהלת יישובית.")
    for code, (rec, opp, investments, moves, trends, answered, readiness) in FILES.items():
        candidate = round.candidates.get(municipality__cbs_code=code)
        services.candidate_update(candidate=candidate, by=hq, recommendation_strength=rec, opportunity_strength=opp,
                                  other_investments=investments, big_moves=moves, external_trends=trends)
        services.candidate_set_status(candidate=candidate, status=CandidateStatus.FOCUS, by=hq,
                                      reason="נבחרה לרשימת המיקוד בישיבת צוות הבחירה")
        if answered:
            services.candidate_update(candidate=candidate, by=hq, call_answered=True,
                                      call_answered_on=dt.date(2026, 10, 1 + rec),
                                      capability_answer="צוות של 4 בעלי תפקידים ונכונות לאייש מנהלת יישובית",
                                      motivation_answer="ראש הרשות רואה במוביליות חברתית יעד מרכזי לקדנציה")
        for assessor, index in ((hq, 0), (admin, 1)):
            services.readiness_record(candidate=candidate, assessor=assessor, by=assessor, scores={
                k: (v[index], "ראיונות עם בעלי תפקידים בספטמבר 2026") for k, v in readiness.items()})
        services.candidate_update(candidate=candidate, by=hq, confirm_need=True, confirm_opportunities=opp >= 4,
                                  confirm_will=answered, confirm_leadership=readiness["formal_leadership"][0] >= 4,
                                  confirm_resources=readiness["resources"][0] >= 3, confirm_partners=rec >= 4)
    for code, who, role, text in COMMENTS:
        services.comment_add(candidate=round.candidates.get(municipality__cbs_code=code), by=hq, interviewee=who,
                             interviewee_role=role, interview_date=dt.date(2026, 9, 20), text=text)
    services.round_update(round=round, by=hq, stage="e")


def _decided_round(hq, admin):
    round = services.round_create(name=DECIDED_ROUND, by=hq, description="הסבב שצירף את נהרייה ומצפה רמון לרשת.")
    criteria = {"se_max": 4, "per_max": 3, "kinds": ["local_council"], "districts": [SOUTH]}
    services.candidates_from_filter(round=round, criteria=criteria, by=hq)
    nahariya = Municipality.objects.get(cbs_code="9100")
    services.candidate_add(round=round, municipality=nahariya, by=hq, reason="פנייה יזומה של ראש העירייה")
    decisions = {"0099": ("selected", "מוכנות גבוהה והנהגה יציבה; שותפים מקומיים מחויבים"),
                 "9100": ("selected", "הזדמנות להשקעה משותפת עם משרד החינוך"),
                 "0831": ("deferred", "ייבחן מחדש בסבב הבא")}
    for code, (outcome, reason) in decisions.items():
        candidate = round.candidates.get(municipality__cbs_code=code)
        checks = {f: outcome == "selected" for f in Candidate.CHECK_FIELDS}  # selecting needs all six
        services.candidate_update(candidate=candidate, by=hq, recommendation_strength=4, opportunity_strength=4,
                                  **checks)
        services.candidate_set_status(candidate=candidate, status=CandidateStatus.FOCUS, by=hq)
        # the network's initiatives are on the platform already: this round's decisions link to them
        partner_reason = "הסבב שצירף את הרשות לרשת; היוזמה שלה נפתחה במערכת לפני שהסבב תועד" \
            if outcome == "selected" and services.partner_since(candidate.municipality) is not False else ""
        services.decision_record(candidate=candidate, outcome=outcome, reason=reason, by=admin,
                                 partner_override_reason=partner_reason)
    services.round_decide(round=round, by=admin)
