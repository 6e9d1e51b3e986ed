"""The indicators and knowledge-map factors the platform knows out of the box (a data module):

- the CBS registry's figures and the CBS social-mobility indicators
  (shared/data/israel_local_authorities_social_mobility.SOURCE.md gives the year of each column);
- the guide's example dashboard (ROADMAP.md, stage 5): headline figures and one card per life stage
  or domain (share, count, institutions, average cost per child), with the breakdowns the guide
  shows (frameworks, service type, youth movement, neighbourhood, age group);
- the knowledge map's 53 factors in its groups: the individual 0-18 (14), the ecosystem 0-18 (28),
  adulthood 18-35 (11). The guide's text names the 14 and the 11; the 28 ecosystem characteristics
  appear only in a figure, under its three headings (home, learning environment, neighbourhood and
  locality), so their names here are our reading of those headings. HQ edits all of them on the
  catalogue page.

`ensure_catalogue()` creates what is missing (idempotent) and leaves rows HQ has edited alone."""
from dataclasses import dataclass, field

from core.reference import Infrastructure as I  # noqa: E741 - short names keep the table readable
from core.reference import LifeStage, MobilityDomain
from mapping.models import Area, BreakdownKind, CardFigure, Direction, FactorMap, Unit

CBS_2021 = "CBS, Local Authorities in Israel 2021"
CBS_SE_2019 = "CBS, socio-economic index of local authorities 2019"
CBS_PERIPHERALITY_2020 = "CBS, peripherality index of local authorities 2020"
MUNICIPAL = "Municipal data"


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name_he: str
    name_en: str
    unit: str
    direction: str
    data_year: int | None = None
    life_stage: str = ""
    domain: str = ""
    description: str = ""
    name_ar: str = ""
    area: str = ""
    card_figure: str = ""
    breakdowns: tuple = ()
    infrastructures: tuple = ()
    factors: tuple = ()
    golden: bool = False
    source: str = CBS_2021
    extra: dict = field(default_factory=dict)


H, L, N = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER, Direction.NEUTRAL
DATA, OUTCOMES, CONT, PART, POLICY = (I.DATA_BASED_DECISIONS, I.SHARED_OUTCOMES, I.CONTINUUM,
                                      I.PUBLIC_PARTICIPATION, I.POLICY_HUMAN_CAPITAL)
B = BreakdownKind

# The registry's figures (columns of israel_local_authorities.csv / Municipality fields).
REGISTRY = [
    IndicatorDef("population", "אוכלוסייה בסוף השנה", "Population at the end of the year", Unit.PEOPLE, N,
                 2021, name_ar="عدد السكان في نهاية السنة", area=Area.LOCALITY, infrastructures=(DATA,)),
    IndicatorDef("socioeconomic_cluster", "אשכול חברתי-כלכלי", "Socio-economic cluster", Unit.CLUSTER, H,
                 2019, description="1 = lowest, 10 = highest.", name_ar="العنقود الاجتماعي-الاقتصادي",
                 area=Area.LOCALITY, infrastructures=(DATA,)),
    IndicatorDef("socioeconomic_index", "מדד חברתי-כלכלי (ערך)", "Socio-economic index value", Unit.INDEX, H,
                 2019, name_ar="قيمة المؤشر الاجتماعي-الاقتصادي", area=Area.LOCALITY),
    IndicatorDef("peripherality_cluster", "אשכול פריפריאליות", "Peripherality cluster", Unit.CLUSTER, N,
                 2020, description="1 = most peripheral, 10 = most central.", name_ar="عنقود الطرفية",
                 area=Area.LOCALITY, infrastructures=(DATA,)),
    IndicatorDef("peripherality_index", "מדד פריפריאליות (ערך)", "Peripherality index value", Unit.INDEX, N,
                 2020, name_ar="قيمة مؤشر الطرفية", area=Area.LOCALITY),
]
# Registry indicator code -> (Municipality value field, Municipality year field).
REGISTRY_FIELDS = {
    "population": ("population", "population_year"),
    "socioeconomic_cluster": ("socioeconomic_cluster", "socioeconomic_year"),
    "socioeconomic_index": ("socioeconomic_index", "socioeconomic_year"),
    "peripherality_cluster": ("peripherality_cluster", "peripherality_year"),
    "peripherality_index": ("peripherality_index", "peripherality_year"),
}

SEC, HE, EMP = LifeStage.SECONDARY, MobilityDomain.HIGHER_EDUCATION, MobilityDomain.EMPLOYMENT
EDU = MobilityDomain.EDUCATION
HS, HIGHER, WORK = Area.HIGH_SCHOOL, Area.HIGHER_EDUCATION, Area.EMPLOYMENT
# Columns of israel_local_authorities_social_mobility.csv, with the year of the data (SOURCE.md).
MOBILITY = [
    IndicatorDef("bagrut_eligible_pct", "זכאות לתעודת בגרות (% מתלמידי יב)",
                 "Matriculation eligibility (% of 12th graders)", Unit.PERCENT, H, 2021, SEC, EDU,
                 "School year 2020/21; pupils who live in the authority.",
                 name_ar="الاستحقاق لشهادة البجروت (% من طلاب الصف الثاني عشر)", area=HS,
                 infrastructures=(DATA, OUTCOMES), factors=("literacy", "math_skills", "teacher_quality"),
                 golden=True),
    IndicatorDef("bagrut_university_threshold_pct", "בגרות העומדת בדרישות הסף של האוניברסיטאות (%)",
                 "Matriculation meeting university thresholds (%)", Unit.PERCENT, H, 2021, SEC, EDU,
                 "School year 2020/21.", name_ar="بجروت تستوفي شروط الجامعات (%)", area=HS,
                 infrastructures=(OUTCOMES,), factors=("literacy", "math_skills")),
    IndicatorDef("dropout_pct_grades7_12", "נשירה בכיתות ז-יב (%)", "Dropout, grades 7-12 (%)", Unit.PERCENT,
                 L, 2021, SEC, EDU, "School year 2020/21; pupils who did not move to another framework.",
                 name_ar="التسرب في الصفوف 7-12 (%)", area=HS, infrastructures=(OUTCOMES, CONT),
                 factors=("belonging", "school_climate")),
    IndicatorDef("dropout_pct_boys", "נשירה – בנים (%)", "Dropout, boys (%)", Unit.PERCENT, L, 2021, SEC, EDU,
                 name_ar="التسرب – بنين (%)", area=HS),
    IndicatorDef("dropout_pct_girls", "נשירה – בנות (%)", "Dropout, girls (%)", Unit.PERCENT, L, 2021, SEC,
                 EDU, name_ar="التسرب – بنات (%)", area=HS),
    IndicatorDef("academic_degree_pct_age35_55", "בעלי תואר אקדמי מישראל בגילי 35-55 (%)",
                 "Academic degree from Israel, ages 35-55 (%)", Unit.PERCENT, H, 2022,
                 LifeStage.ADULTS_26_35, HE, "2021/22; degrees earned in Israel only.",
                 name_ar="حملة شهادة أكاديمية من إسرائيل في أعمار 35-55 (%)", area=HIGHER,
                 infrastructures=(OUTCOMES,), factors=("academic_degree",)),
    IndicatorDef("higher_ed_entry_within_8y_pct", "כניסה להשכלה גבוהה בתוך 8 שנים (%)",
                 "Entering higher education within 8 years (%)", Unit.PERCENT, H, 2014,
                 LifeStage.YOUNG_ADULTS_18_25, HE, "Cohort of 12th graders of 2014.",
                 name_ar="الالتحاق بالتعليم العالي خلال 8 سنوات (%)", area=HIGHER,
                 infrastructures=(OUTCOMES, CONT), factors=("academic_degree", "future_picture")),
    IndicatorDef("students_pct_age20_25", "סטודנטים מבני 20-25 (%)", "Students among ages 20-25 (%)",
                 Unit.PERCENT, H, 2022, LifeStage.YOUNG_ADULTS_18_25, HE, "2021/22.",
                 name_ar="الطلاب الجامعيون من أبناء 20-25 (%)", area=HIGHER, factors=("academic_degree",)),
    IndicatorDef("students_pct_of_population", "סטודנטים מכלל האוכלוסייה (%)",
                 "Students in the whole population (%)", Unit.PERCENT, H, 2022, "", HE, "2021/22.",
                 name_ar="الطلاب الجامعيون من مجمل السكان (%)", area=HIGHER),
    IndicatorDef("avg_monthly_wage_employees_nis", "שכר ממוצע לחודש של שכירים (₪)",
                 "Average monthly wage of employees (₪)", Unit.SHEKELS, H, 2019, "", EMP, "Gross shekels.",
                 name_ar="متوسط الأجر الشهري للأجيرين (₪)", area=WORK, infrastructures=(OUTCOMES,)),
    IndicatorDef("avg_monthly_wage_men_nis", "שכר ממוצע לחודש – גברים (₪)", "Average monthly wage, men (₪)",
                 Unit.SHEKELS, H, 2019, "", EMP, name_ar="متوسط الأجر الشهري – رجال (₪)", area=WORK),
    IndicatorDef("avg_monthly_wage_women_nis", "שכר ממוצע לחודש – נשים (₪)",
                 "Average monthly wage, women (₪)", Unit.SHEKELS, H, 2019, "", EMP,
                 name_ar="متوسط الأجر الشهري – نساء (₪)", area=WORK),
    IndicatorDef("pct_employees_up_to_min_wage", "שכירים המשתכרים עד שכר מינימום (%)",
                 "Employees earning up to the minimum wage (%)", Unit.PERCENT, L, 2019, "", EMP,
                 "Minimum wage in 2019: ₪5,300.", name_ar="أجيرون يتقاضون حتى الحد الأدنى للأجور (%)",
                 area=WORK),
    IndicatorDef("gini_employees", "מדד אי-השוויון (ג'יני) של שכירים", "Gini index of employees' wages",
                 Unit.RATIO, L, 2019, "", EMP, name_ar="مؤشر جيني لأجور الأجيرين", area=WORK),
    IndicatorDef("unemployment_benefit_pct_age20_67_monthly_avg", "מקבלי דמי אבטלה מבני 20-67 (%)",
                 "Unemployment benefit recipients, ages 20-67 (%)", Unit.PERCENT, L, 2021, "", EMP,
                 "Monthly average.", name_ar="متلقو مخصصات البطالة من أبناء 20-67 (%)", area=WORK),
    IndicatorDef("lfs_pct_academic_certificate_age15plus", "בעלי תעודה אקדמית מבני 15+ (%)",
                 "Academic certificate, ages 15+ (%)", Unit.PERCENT, H, 2021, "", HE,
                 "Labour Force Survey; cities of 50,000+ residents only.",
                 name_ar="حملة شهادة أكاديمية من أبناء 15+ (%)", area=HIGHER),
    IndicatorDef("lfs_labour_force_participation_pct", "השתתפות בכוח העבודה (%)",
                 "Labour force participation (%)", Unit.PERCENT, H, 2021, "", EMP,
                 "Labour Force Survey; cities of 50,000+ residents only.",
                 name_ar="المشاركة في قوة العمل (%)", area=WORK),
    IndicatorDef("lfs_employment_rate_pct", "שיעור תעסוקה (%)", "Employment rate (%)", Unit.PERCENT, H, 2021,
                 "", EMP, "Labour Force Survey; cities of 50,000+ residents only.",
                 name_ar="نسبة التشغيل (%)", area=WORK),
    IndicatorDef("hes_net_money_income_per_capita_nis", "הכנסה כספית נטו לנפש (₪)",
                 "Net money income per capita (₪)", Unit.SHEKELS, H, 2019, "", EMP,
                 "Household Expenditure Survey; cities of 50,000+ residents only.",
                 name_ar="الدخل المالي الصافي للفرد (₪)", area=WORK),
]

E6, ELEM, YM, SERV, SK = Area.BIRTH_6, Area.ELEMENTARY, Area.YOUTH_MOVEMENTS, Area.SERVICE, Area.SKILLS_21
# The guide's example dashboard: headline figures the registry does not hold, and each card's figures.
DASHBOARD = [
    IndicatorDef("households", "בתי אב", "Households", Unit.COUNT, N, name_ar="الأسر", area=Area.LOCALITY,
                 source=MUNICIPAL, infrastructures=(DATA,)),
    IndicatorDef("children_0_17_pct", "ילדים עד גיל 17 (%)", "Children aged 0-17 (%)", Unit.PERCENT, N,
                 name_ar="الأطفال حتى جيل 17 (%)", area=Area.LOCALITY, source=MUNICIPAL,
                 infrastructures=(DATA,)),
    # birth to 6
    IndicatorDef("early_supervised_frameworks_pct", "ילדים במסגרות מפוקחות (%)",
                 "Children in supervised frameworks (%)", Unit.PERCENT, H, life_stage=LifeStage.BIRTH_6,
                 domain=MobilityDomain.EARLY_CHILDHOOD, name_ar="أطفال في أطر مراقبة (%)", area=E6,
                 card_figure=CardFigure.SHARE, breakdowns=(B.FRAMEWORK, B.NEIGHBOURHOOD),
                 infrastructures=(POLICY, OUTCOMES, CONT), golden=True, source=MUNICIPAL,
                 factors=("developmental_delays", "early_childhood_quality", "home_learning")),
    IndicatorDef("early_children_count", "ילדים בגילי לידה עד 6", "Children from birth to 6", Unit.COUNT, N,
                 life_stage=LifeStage.BIRTH_6, domain=MobilityDomain.EARLY_CHILDHOOD,
                 name_ar="الأطفال من الولادة حتى 6", area=E6, card_figure=CardFigure.COUNT,
                 breakdowns=(B.FRAMEWORK,), source=MUNICIPAL),
    IndicatorDef("early_institutions", "מסגרות לגיל הרך", "Early-childhood frameworks", Unit.COUNT, N,
                 life_stage=LifeStage.BIRTH_6, domain=MobilityDomain.EARLY_CHILDHOOD,
                 name_ar="أطر الطفولة المبكرة", area=E6, card_figure=CardFigure.INSTITUTIONS, source=MUNICIPAL),
    IndicatorDef("early_cost_per_child", "עלות ממוצעת לילד – גיל רך (₪)",
                 "Average cost per child, early childhood (₪)", Unit.SHEKELS, N, life_stage=LifeStage.BIRTH_6,
                 domain=MobilityDomain.EARLY_CHILDHOOD, name_ar="متوسط التكلفة للطفل – الطفولة المبكرة (₪)",
                 area=E6, card_figure=CardFigure.COST, source=MUNICIPAL, infrastructures=(POLICY,)),
    IndicatorDef("school_readiness_pct", "מוכנות לכיתה א' (%)", "Readiness for first grade (%)", Unit.PERCENT,
                 H, life_stage=LifeStage.BIRTH_6, domain=MobilityDomain.EARLY_CHILDHOOD,
                 name_ar="الجاهزية للصف الأول (%)", area=E6, breakdowns=(B.NEIGHBOURHOOD,),
                 infrastructures=(OUTCOMES, CONT), source=MUNICIPAL,
                 factors=("literacy", "developmental_delays", "self_control")),
    # elementary
    IndicatorDef("elementary_municipal_schools_pct", "תלמידי יסודי בבתי ספר של הרשות (%)",
                 "Elementary pupils in the authority's schools (%)", Unit.PERCENT, H,
                 life_stage=LifeStage.ELEMENTARY, domain=EDU, name_ar="تلاميذ الابتدائي في مدارس السلطة (%)",
                 area=ELEM, card_figure=CardFigure.SHARE, breakdowns=(B.FRAMEWORK,), source=MUNICIPAL),
    IndicatorDef("elementary_pupils_count", "תלמידי בתי ספר יסודיים", "Elementary pupils", Unit.COUNT, N,
                 life_stage=LifeStage.ELEMENTARY, domain=EDU, name_ar="تلاميذ المدارس الابتدائية", area=ELEM,
                 card_figure=CardFigure.COUNT, breakdowns=(B.FRAMEWORK,), source=MUNICIPAL),
    IndicatorDef("elementary_institutions", "בתי ספר יסודיים", "Elementary schools", Unit.COUNT, N,
                 life_stage=LifeStage.ELEMENTARY, domain=EDU, name_ar="المدارس الابتدائية", area=ELEM,
                 card_figure=CardFigure.INSTITUTIONS, source=MUNICIPAL),
    IndicatorDef("elementary_cost_per_child", "עלות ממוצעת לתלמיד – יסודי (₪)",
                 "Average cost per pupil, elementary (₪)", Unit.SHEKELS, N, life_stage=LifeStage.ELEMENTARY,
                 domain=EDU, name_ar="متوسط التكلفة للتلميذ – ابتدائي (₪)", area=ELEM,
                 card_figure=CardFigure.COST, source=MUNICIPAL),
    IndicatorDef("grade4_literacy_pct", "שליטה באוריינות בכיתה ד' (%)", "Literacy proficiency, grade 4 (%)",
                 Unit.PERCENT, H, life_stage=LifeStage.ELEMENTARY, domain=EDU,
                 name_ar="إتقان القراءة والكتابة في الصف الرابع (%)", area=ELEM,
                 breakdowns=(B.INSTITUTION,), infrastructures=(OUTCOMES,), golden=True, source=MUNICIPAL,
                 factors=("literacy", "teacher_quality", "home_learning")),
    # high school
    IndicatorDef("high_school_municipal_pct", "תלמידי תיכון בבתי ספר של הרשות (%)",
                 "High-school pupils in the authority's schools (%)", Unit.PERCENT, H, life_stage=SEC,
                 domain=EDU, name_ar="طلاب الثانوية في مدارس السلطة (%)", area=HS, card_figure=CardFigure.SHARE,
                 breakdowns=(B.FRAMEWORK,), source=MUNICIPAL),
    IndicatorDef("high_school_pupils_count", "תלמידי תיכון", "High-school pupils", Unit.COUNT, N,
                 life_stage=SEC, domain=EDU, name_ar="طلاب الثانوية", area=HS, card_figure=CardFigure.COUNT,
                 breakdowns=(B.FRAMEWORK,), source=MUNICIPAL),
    IndicatorDef("high_school_institutions", "בתי ספר תיכוניים", "High schools", Unit.COUNT, N, life_stage=SEC,
                 domain=EDU, name_ar="المدارس الثانوية", area=HS, card_figure=CardFigure.INSTITUTIONS,
                 source=MUNICIPAL),
    IndicatorDef("high_school_cost_per_child", "עלות ממוצעת לתלמיד – תיכון (₪)",
                 "Average cost per pupil, high school (₪)", Unit.SHEKELS, N, life_stage=SEC, domain=EDU,
                 name_ar="متوسط التكلفة للطالب – ثانوي (₪)", area=HS, card_figure=CardFigure.COST,
                 source=MUNICIPAL),
    # youth movements
    IndicatorDef("youth_movement_participation_pct", "השתתפות בתנועות נוער (%)",
                 "Youth-movement participation (%)", Unit.PERCENT, H, life_stage=SEC, domain=EDU,
                 name_ar="المشاركة في الحركات الشبابية (%)", area=YM, card_figure=CardFigure.SHARE,
                 breakdowns=(B.NEIGHBOURHOOD, B.MOVEMENT, B.GENDER), infrastructures=(OUTCOMES, CONT, PART),
                 golden=True, source=MUNICIPAL, factors=("belonging", "social_skills", "informal_education")),
    IndicatorDef("youth_movement_members", "חניכי תנועות נוער", "Youth-movement members", Unit.COUNT, H,
                 life_stage=SEC, domain=EDU, name_ar="أعضاء الحركات الشبابية", area=YM,
                 card_figure=CardFigure.COUNT, breakdowns=(B.MOVEMENT, B.NEIGHBOURHOOD), source=MUNICIPAL),
    IndicatorDef("youth_movements_count", "תנועות נוער פעילות", "Active youth movements", Unit.COUNT, H,
                 life_stage=SEC, domain=EDU, name_ar="الحركات الشبابية الناشطة", area=YM,
                 card_figure=CardFigure.INSTITUTIONS, source=MUNICIPAL),
    # military and national service
    IndicatorDef("service_enlistment_pct", "גיוס לשירות צבאי ולאומי (%)",
                 "Enlistment in military and national service (%)", Unit.PERCENT, H,
                 life_stage=LifeStage.YOUNG_ADULTS_18_25, domain=MobilityDomain.MEANINGFUL_SERVICE,
                 name_ar="التجند للخدمة العسكرية والوطنية (%)", area=SERV, card_figure=CardFigure.SHARE,
                 breakdowns=(B.SERVICE_TYPE, B.GENDER), infrastructures=(OUTCOMES, CONT), golden=True,
                 source=MUNICIPAL, factors=("future_picture", "self_efficacy", "bridging_capital")),
    IndicatorDef("service_recruits", "מתגייסים", "Recruits", Unit.COUNT, H,
                 life_stage=LifeStage.YOUNG_ADULTS_18_25, domain=MobilityDomain.MEANINGFUL_SERVICE,
                 name_ar="المجندون", area=SERV, card_figure=CardFigure.COUNT, breakdowns=(B.SERVICE_TYPE,),
                 source=MUNICIPAL),
    IndicatorDef("meaningful_service_pct", "שירות בתפקיד משמעותי (%)", "Service in a meaningful role (%)",
                 Unit.PERCENT, H, life_stage=LifeStage.YOUNG_ADULTS_18_25,
                 domain=MobilityDomain.MEANINGFUL_SERVICE, name_ar="الخدمة في دور ذي معنى (%)", area=SERV,
                 description="The guide quotes 20% in a weak locality against 90% in a strong one.",
                 infrastructures=(OUTCOMES,), source=MUNICIPAL, factors=("self_efficacy", "future_picture")),
    # higher education
    IndicatorDef("academics_pct", "אקדמאים בקרב בני 25-35 (%)", "Academics among residents aged 25-35 (%)",
                 Unit.PERCENT, H, life_stage=LifeStage.ADULTS_26_35, domain=HE,
                 name_ar="الأكاديميون بين السكان في أعمار 25-35 (%)", area=HIGHER, card_figure=CardFigure.SHARE,
                 breakdowns=(B.AGE_GROUP, B.GENDER), infrastructures=(OUTCOMES,), golden=True,
                 description="The guide quotes about 20% in a weak locality against about 47% in a strong one.",
                 source=MUNICIPAL, factors=("academic_degree", "knowledge")),
    IndicatorDef("academics_count", "אקדמאים", "Academics", Unit.COUNT, H, life_stage=LifeStage.ADULTS_26_35,
                 domain=HE, name_ar="الأكاديميون", area=HIGHER, card_figure=CardFigure.COUNT,
                 breakdowns=(B.AGE_GROUP,), source=MUNICIPAL),
    # employment
    IndicatorDef("employment_rate_25_35_pct", "שיעור תעסוקה בגילי 25-35 (%)", "Employment rate, ages 25-35 (%)",
                 Unit.PERCENT, H, life_stage=LifeStage.ADULTS_26_35, domain=EMP,
                 name_ar="نسبة التشغيل في أعمار 25-35 (%)", area=WORK, card_figure=CardFigure.SHARE,
                 breakdowns=(B.GENDER, B.POPULATION), infrastructures=(OUTCOMES,), golden=True,
                 source=MUNICIPAL, factors=("quality_vocational_training", "bridging_capital")),
    IndicatorDef("young_adults_centre_members", "צעירים הפעילים במרכז הצעירים", "Young adults active at the "
                 "young adults' centre", Unit.COUNT, H, life_stage=LifeStage.YOUNG_ADULTS_18_25,
                 domain=MobilityDomain.YOUNG_ADULTS, name_ar="الشباب الناشطون في مركز الشباب", area=WORK,
                 card_figure=CardFigure.COUNT, source=MUNICIPAL, factors=("bonding_capital", "loneliness")),
    # 21st-century skills
    IndicatorDef("stem_track_pct", "תלמידים במגמות מדעיות וטכנולוגיות (%)",
                 "Pupils in science and technology tracks (%)", Unit.PERCENT, H, life_stage=SEC,
                 domain=MobilityDomain.SKILLS_STEM, name_ar="طلاب في مسارات علمية وتكنولوجية (%)", area=SK,
                 card_figure=CardFigure.SHARE, breakdowns=(B.GENDER, B.INSTITUTION),
                 infrastructures=(OUTCOMES,), golden=True, source=MUNICIPAL,
                 factors=("math_skills", "growth_mindset", "occupational_aspirations")),
    IndicatorDef("stem_programme_participants", "משתתפים בתכניות מדע וטכנולוגיה", "Participants in STEM "
                 "programmes", Unit.COUNT, H, life_stage=LifeStage.ELEMENTARY, domain=MobilityDomain.SKILLS_STEM,
                 name_ar="المشاركون في برامج العلوم والتكنولوجيا", area=SK, card_figure=CardFigure.COUNT,
                 source=MUNICIPAL),
]
# Arabic names (a translation made for this project; the CBS publishes these names in Hebrew and English).
NAMES_AR = {
    "population": "عدد السكان في نهاية السنة",
    "socioeconomic_cluster": "العنقود الاجتماعي الاقتصادي",
    "socioeconomic_index": "قيمة المؤشر الاجتماعي الاقتصادي",
    "peripherality_cluster": "عنقود الطرفية",
    "peripherality_index": "قيمة مؤشر الطرفية",
    "bagrut_eligible_pct": "الاستحقاق لشهادة البجروت (% من طلاب الصف الثاني عشر)",
    "bagrut_university_threshold_pct": "بجروت تستوفي شروط القبول في الجامعات (%)",
    "dropout_pct_grades7_12": "التسرب في الصفوف السابع حتى الثاني عشر (%)",
    "dropout_pct_boys": "التسرب – بنون (%)",
    "dropout_pct_girls": "التسرب – بنات (%)",
    "academic_degree_pct_age35_55": "حملة لقب أكاديمي من إسرائيل في سن 35-55 (%)",
    "higher_ed_entry_within_8y_pct": "الالتحاق بالتعليم العالي خلال 8 سنوات (%)",
    "students_pct_age20_25": "الطلاب الجامعيون في سن 20-25 (%)",
    "students_pct_of_population": "الطلاب الجامعيون من مجمل السكان (%)",
    "avg_monthly_wage_employees_nis": "متوسط الأجر الشهري للأجيرين (₪)",
    "avg_monthly_wage_men_nis": "متوسط الأجر الشهري – رجال (₪)",
    "avg_monthly_wage_women_nis": "متوسط الأجر الشهري – نساء (₪)",
    "pct_employees_up_to_min_wage": "الأجيرون الذين يتقاضون حتى الحد الأدنى للأجور (%)",
    "gini_employees": "مؤشر عدم المساواة (جيني) في أجور الأجيرين",
    "unemployment_benefit_pct_age20_67_monthly_avg": "متلقو مخصصات البطالة في سن 20-67 (%)",
    "lfs_pct_academic_certificate_age15plus": "حملة شهادة أكاديمية في سن 15 فما فوق (%)",
    "lfs_labour_force_participation_pct": "المشاركة في قوة العمل (%)",
    "lfs_employment_rate_pct": "نسبة التشغيل (%)",
    "hes_net_money_income_per_capita_nis": "صافي الدخل المالي للفرد (₪)",
}
MOBILITY_BY_CODE = {d.code: d for d in MOBILITY}
REGISTRY_BY_CODE = {d.code: d for d in REGISTRY}
ALL_DEFS = REGISTRY + MOBILITY + DASHBOARD
HEADLINE = ["population", "households", "children_0_17_pct", "socioeconomic_cluster", "peripherality_cluster"]

IND, ECO, ADU = FactorMap.INDIVIDUAL_0_18, FactorMap.ECOSYSTEM_0_18, FactorMap.ADULTHOOD_18_35
SOC, PHY, COG = "social_emotional", "physical", "cognitive"
HOME, LEARN, PLACE = "home", "learning", "neighbourhood"
PROMOTER, INHIBITOR = "promoter", "inhibitor"
# (code, map, group, he, en, ar)
FACTORS = [
    ("self_control", IND, SOC, "שליטה עצמית", "Self-control", "ضبط النفس"),
    ("social_skills", IND, SOC, "כישורים חברתיים", "Social skills", "المهارات الاجتماعية"),
    ("soft_skills", IND, SOC, "כישורים רכים", "Soft skills", "المهارات الناعمة"),
    ("belonging", IND, SOC, "שייכות", "Belonging", "الانتماء"),
    ("growth_mindset", IND, SOC, "דפוס חשיבה מתפתח", "Growth mindset", "عقلية النمو"),
    ("occupational_aspirations", IND, SOC, "שאיפות וציפיות תעסוקתיות", "Occupational aspirations and "
     "expectations", "الطموحات والتوقعات المهنية"),
    ("obesity", IND, PHY, "השמנה", "Obesity", "السمنة"),
    ("low_birth_weight", IND, PHY, "משקל לידה נמוך", "Low birth weight", "انخفاض الوزن عند الولادة"),
    ("morbidity", IND, PHY, "תחלואה", "Morbidity", "المراضة"),
    ("developmental_delays", IND, PHY, "עיכובים התפתחותיים", "Developmental delays", "التأخر النمائي"),
    ("stress_child", IND, PHY, "עקה", "Stress", "الضغط النفسي"),
    ("smoking", IND, PHY, "עישון", "Smoking", "التدخين"),
    ("literacy", IND, COG, "כישורים אורייניים", "Literacy skills", "مهارات القراءة والكتابة"),
    ("math_skills", IND, COG, "כישורים מתמטיים", "Mathematical skills", "المهارات الرياضية"),
    # the ecosystem, birth to 18: home
    ("parents_education", ECO, HOME, "השכלת ההורים", "Parents' education", "تعليم الوالدين"),
    ("household_income", ECO, HOME, "הכנסת משק הבית ועוני", "Household income and poverty",
     "دخل الأسرة والفقر"),
    ("parents_employment", ECO, HOME, "תעסוקת ההורים", "Parents' employment", "تشغيل الوالدين"),
    ("parental_involvement", ECO, HOME, "מעורבות הורים בלמידה", "Parental involvement in learning",
     "مشاركة الوالدين في التعلم"),
    ("home_learning", ECO, HOME, "סביבת למידה ביתית (ספרים, שפה)", "Home learning environment (books, "
     "language)", "بيئة التعلم في البيت (كتب، لغة)"),
    ("parenting", ECO, HOME, "סגנון הורות וחום", "Parenting style and warmth", "أسلوب التربية والدفء"),
    ("family_stability", ECO, HOME, "מבנה ויציבות המשפחה", "Family structure and stability",
     "بنية الأسرة واستقرارها"),
    ("housing", ECO, HOME, "תנאי דיור וצפיפות", "Housing conditions and crowding", "ظروف السكن والاكتظاظ"),
    ("parents_wellbeing", ECO, HOME, "בריאות ורווחה של ההורים", "Parents' health and wellbeing",
     "صحة الوالدين ورفاههم"),
    ("home_risk", ECO, HOME, "סיכון ואלימות בבית", "Risk and violence at home", "الخطر والعنف في البيت"),
    # learning environment
    ("early_childhood_quality", ECO, LEARN, "איכות המסגרות לגיל הרך", "Quality of early-childhood frameworks",
     "جودة أطر الطفولة المبكرة"),
    ("teacher_quality", ECO, LEARN, "איכות ההוראה", "Teaching quality", "جودة التدريس"),
    ("school_climate", ECO, LEARN, "אקלים ובטחון בבית הספר", "School climate and safety",
     "المناخ المدرسي والأمان"),
    ("school_resources", ECO, LEARN, "משאבי בית הספר וגודל הכיתה", "School resources and class size",
     "موارد المدرسة وحجم الصف"),
    ("informal_education", ECO, LEARN, "חינוך בלתי פורמלי ותנועות נוער", "Informal education and youth "
     "movements", "التربية اللامنهجية والحركات الشبابية"),
    ("mentoring", ECO, LEARN, "ליווי, הכוונה וחונכות", "Guidance and mentoring", "الإرشاد والتوجيه"),
    ("peers", ECO, LEARN, "קבוצת השווים", "Peer group", "مجموعة الأقران"),
    ("staff_expectations", ECO, LEARN, "ציפיות גבוהות של הצוות החינוכי", "High expectations of educators",
     "توقعات عالية من الطاقم التربوي"),
    ("transitions", ECO, LEARN, "רצף ומעברים בין מסגרות", "Continuity and transitions between frameworks",
     "الاستمرارية والانتقال بين الأطر"),
    # neighbourhood and locality
    ("poverty_concentration", ECO, PLACE, "ריכוזי עוני", "Concentration of poverty", "تركّز الفقر"),
    ("community_cohesion", ECO, PLACE, "הון חברתי ולכידות קהילתית", "Social capital and community cohesion",
     "رأس المال الاجتماعي والتماسك المجتمعي"),
    ("crime_violence", ECO, PLACE, "פשיעה ואלימות בשכונה", "Crime and violence in the neighbourhood",
     "الجريمة والعنف في الحي"),
    ("transport_access", ECO, PLACE, "תחבורה ציבורית ונגישות", "Public transport and accessibility",
     "المواصلات العامة وإمكانية الوصول"),
    ("local_jobs", ECO, PLACE, "הזדמנויות תעסוקה באזור", "Employment opportunities in the area",
     "فرص العمل في المنطقة"),
    ("community_services", ECO, PLACE, "שירותים ומוסדות קהילתיים", "Community services and facilities",
     "الخدمات والمؤسسات المجتمعية"),
    ("public_space", ECO, PLACE, "מרחב ציבורי ושטחים ירוקים", "Public and green spaces",
     "الحيز العام والمساحات الخضراء"),
    ("role_models", ECO, PLACE, "דמויות לחיקוי בקהילה", "Adult role models in the community",
     "نماذج يحتذى بها في المجتمع"),
    ("segregation", ECO, PLACE, "הפרדה מרחבית וחברתית", "Spatial and social segregation",
     "الفصل المكاني والاجتماعي"),
    # adulthood, 18 to 35
    ("future_picture", ADU, PROMOTER, "תמונת עתיד", "A picture of the future", "صورة المستقبل"),
    ("self_efficacy", ADU, PROMOTER, "מסוגלות ותחושת שליטה", "Self-efficacy and a sense of control",
     "الكفاءة الذاتية والشعور بالسيطرة"),
    ("bonding_capital", ADU, PROMOTER, "הון חברתי מחבר", "Bonding social capital", "رأس المال الاجتماعي الرابط"),
    ("bridging_capital", ADU, PROMOTER, "הון חברתי מגשר", "Bridging social capital", "رأس المال الاجتماعي الجسري"),
    ("knowledge", ADU, PROMOTER, "ידע", "Knowledge", "المعرفة"),
    ("academic_degree", ADU, PROMOTER, "השכלה אקדמית", "Academic education", "التعليم الأكاديمي"),
    ("quality_vocational_training", ADU, PROMOTER, "הכשרה מקצועית איכותית", "Quality vocational training",
     "تأهيل مهني عالي الجودة"),
    ("loneliness", ADU, INHIBITOR, "בדידות", "Loneliness", "الوحدة"),
    ("poor_health", ADU, INHIBITOR, "בריאות לקויה", "Poor health", "صحة سيئة"),
    ("stress_adult", ADU, INHIBITOR, "לחץ", "Stress", "الضغط"),
    ("divorce_separation", ADU, INHIBITOR, "גירושים / פרידה", "Divorce or separation", "الطلاق / الانفصال"),
]


def ensure_factors():
    """Create the knowledge map's factors that are missing; returns {code: KnowledgeFactor}."""
    from mapping.models import KnowledgeFactor

    existing = {f.code: f for f in KnowledgeFactor.objects.all()}
    missing = []
    for order, (code, factor_map, group, he, en, ar) in enumerate(FACTORS, start=1):
        if code not in existing:
            missing.append(KnowledgeFactor(code=code, factor_map=factor_map, group=group, name_he=he, name_en=en,
                                           name_ar=ar, order=order))
    if missing:
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(missing, KnowledgeFactor)
        existing = {f.code: f for f in KnowledgeFactor.objects.all()}
    return existing


def ensure_catalogue():
    """Create the built-in indicators that are missing (with their factors); rows that exist are
    HQ's to edit and are left as they are. Returns {code: Indicator} of the platform catalogue."""
    from mapping.models import Indicator

    existing = {i.code: i for i in Indicator.everything.filter(municipality__isnull=True)}
    todo = [d for d in ALL_DEFS if d.code not in existing]
    if not todo:
        return existing
    factors = ensure_factors()
    for definition in todo:
        indicator = Indicator(
            code=definition.code, name_he=definition.name_he, name_en=definition.name_en,
            name_ar=definition.name_ar or NAMES_AR.get(definition.code, ""), unit=definition.unit, direction=definition.direction,
            life_stage=definition.life_stage, domain=definition.domain, source=definition.source,
            description=definition.description, area=definition.area, card_figure=definition.card_figure,
            breakdowns=[str(b) for b in definition.breakdowns],
            infrastructures=[str(i) for i in definition.infrastructures], is_golden=definition.golden)
        indicator.full_clean()
        indicator.save()
        if definition.factors:
            indicator.factors.set([factors[c] for c in definition.factors])
        existing[definition.code] = indicator
    return existing
