"""The indicators the platform knows out of the box: the CBS registry's figures and the CBS
social-mobility indicators (shared/data/israel_local_authorities_social_mobility.SOURCE.md gives the
year of each column). `ensure_catalogue()` creates or refreshes them (idempotent)."""
from dataclasses import dataclass

from core.reference import LifeStage, MobilityDomain
from mapping.models import Direction, Unit

CBS_2021 = "CBS, Local Authorities in Israel 2021"
CBS_SE_2019 = "CBS, socio-economic index of local authorities 2019"
CBS_PERIPHERALITY_2020 = "CBS, peripherality index of local authorities 2020"


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name_he: str
    name_en: str
    unit: str
    direction: str
    data_year: int
    life_stage: str = ""
    domain: str = ""
    description: str = ""

    @property
    def name_ar(self) -> str:
        return NAMES_AR.get(self.code, "")


H, L, N = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER, Direction.NEUTRAL

# The registry's figures (columns of israel_local_authorities.csv / Municipality fields).
REGISTRY = [
    IndicatorDef("population", "אוכלוסייה בסוף השנה", "Population at the end of the year", Unit.PEOPLE, N,
                 2021),
    IndicatorDef("socioeconomic_cluster", "אשכול חברתי-כלכלי", "Socio-economic cluster", Unit.CLUSTER, H,
                 2019, description="1 = lowest, 10 = highest."),
    IndicatorDef("socioeconomic_index", "מדד חברתי-כלכלי (ערך)", "Socio-economic index value", Unit.INDEX, H,
                 2019),
    IndicatorDef("peripherality_cluster", "אשכול פריפריאליות", "Peripherality cluster", Unit.CLUSTER, N,
                 2020, description="1 = most peripheral, 10 = most central."),
    IndicatorDef("peripherality_index", "מדד פריפריאליות (ערך)", "Peripherality index value", Unit.INDEX, N,
                 2020),
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
# Columns of israel_local_authorities_social_mobility.csv, with the year of the data (SOURCE.md).
MOBILITY = [
    IndicatorDef("bagrut_eligible_pct", "זכאות לתעודת בגרות (% מתלמידי יב)",
                 "Matriculation eligibility (% of 12th graders)", Unit.PERCENT, H, 2021, SEC, EDU,
                 "School year 2020/21; pupils who live in the authority."),
    IndicatorDef("bagrut_university_threshold_pct", "בגרות העומדת בדרישות הסף של האוניברסיטאות (%)",
                 "Matriculation meeting university thresholds (%)", Unit.PERCENT, H, 2021, SEC, EDU,
                 "School year 2020/21."),
    IndicatorDef("dropout_pct_grades7_12", "נשירה בכיתות ז-יב (%)", "Dropout, grades 7-12 (%)", Unit.PERCENT,
                 L, 2021, SEC, EDU, "School year 2020/21; pupils who did not move to another framework."),
    IndicatorDef("dropout_pct_boys", "נשירה – בנים (%)", "Dropout, boys (%)", Unit.PERCENT, L, 2021, SEC, EDU),
    IndicatorDef("dropout_pct_girls", "נשירה – בנות (%)", "Dropout, girls (%)", Unit.PERCENT, L, 2021, SEC,
                 EDU),
    IndicatorDef("academic_degree_pct_age35_55", "בעלי תואר אקדמי מישראל בגילי 35-55 (%)",
                 "Academic degree from Israel, ages 35-55 (%)", Unit.PERCENT, H, 2022,
                 LifeStage.ADULTS_26_35, HE, "2021/22; degrees earned in Israel only."),
    IndicatorDef("higher_ed_entry_within_8y_pct", "כניסה להשכלה גבוהה בתוך 8 שנים (%)",
                 "Entering higher education within 8 years (%)", Unit.PERCENT, H, 2014,
                 LifeStage.YOUNG_ADULTS_18_25, HE, "Cohort of 12th graders of 2014."),
    IndicatorDef("students_pct_age20_25", "סטודנטים מבני 20-25 (%)", "Students among ages 20-25 (%)",
                 Unit.PERCENT, H, 2022, LifeStage.YOUNG_ADULTS_18_25, HE, "2021/22."),
    IndicatorDef("students_pct_of_population", "סטודנטים מכלל האוכלוסייה (%)",
                 "Students in the whole population (%)", Unit.PERCENT, H, 2022, "", HE, "2021/22."),
    IndicatorDef("avg_monthly_wage_employees_nis", "שכר ממוצע לחודש של שכירים (₪)",
                 "Average monthly wage of employees (₪)", Unit.SHEKELS, H, 2019, "", EMP, "Gross shekels."),
    IndicatorDef("avg_monthly_wage_men_nis", "שכר ממוצע לחודש – גברים (₪)", "Average monthly wage, men (₪)",
                 Unit.SHEKELS, H, 2019, "", EMP),
    IndicatorDef("avg_monthly_wage_women_nis", "שכר ממוצע לחודש – נשים (₪)",
                 "Average monthly wage, women (₪)", Unit.SHEKELS, H, 2019, "", EMP),
    IndicatorDef("pct_employees_up_to_min_wage", "שכירים המשתכרים עד שכר מינימום (%)",
                 "Employees earning up to the minimum wage (%)", Unit.PERCENT, L, 2019, "", EMP,
                 "Minimum wage in 2019: ₪5,300."),
    IndicatorDef("gini_employees", "מדד אי-השוויון (ג'יני) של שכירים", "Gini index of employees' wages",
                 Unit.RATIO, L, 2019, "", EMP),
    IndicatorDef("unemployment_benefit_pct_age20_67_monthly_avg", "מקבלי דמי אבטלה מבני 20-67 (%)",
                 "Unemployment benefit recipients, ages 20-67 (%)", Unit.PERCENT, L, 2021, "", EMP,
                 "Monthly average."),
    IndicatorDef("lfs_pct_academic_certificate_age15plus", "בעלי תעודה אקדמית מבני 15+ (%)",
                 "Academic certificate, ages 15+ (%)", Unit.PERCENT, H, 2021, "", HE,
                 "Labour Force Survey; cities of 50,000+ residents only."),
    IndicatorDef("lfs_labour_force_participation_pct", "השתתפות בכוח העבודה (%)",
                 "Labour force participation (%)", Unit.PERCENT, H, 2021, "", EMP,
                 "Labour Force Survey; cities of 50,000+ residents only."),
    IndicatorDef("lfs_employment_rate_pct", "שיעור תעסוקה (%)", "Employment rate (%)", Unit.PERCENT, H, 2021,
                 "", EMP, "Labour Force Survey; cities of 50,000+ residents only."),
    IndicatorDef("hes_net_money_income_per_capita_nis", "הכנסה כספית נטו לנפש (₪)",
                 "Net money income per capita (₪)", Unit.SHEKELS, H, 2019, "", EMP,
                 "Household Expenditure Survey; cities of 50,000+ residents only."),
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


def ensure_catalogue():
    """Create or refresh the built-in indicators; returns {code: Indicator}."""
    from mapping.models import Indicator

    existing = {i.code: i for i in Indicator.objects.all()}
    for definition, source in [(d, CBS_2021) for d in REGISTRY] + [(d, CBS_2021) for d in MOBILITY]:
        fields = {"name_he": definition.name_he, "name_en": definition.name_en,
                  "name_ar": definition.name_ar, "unit": definition.unit,
                  "direction": definition.direction, "life_stage": definition.life_stage,
                  "domain": definition.domain, "source": source, "description": definition.description}
        indicator = existing.get(definition.code)
        if indicator is None:
            indicator = Indicator(code=definition.code, **fields)
        elif all(getattr(indicator, k) == v for k, v in fields.items()):
            continue
        else:
            for key, value in fields.items():
                setattr(indicator, key, value)
        indicator.full_clean()
        indicator.save()
        existing[definition.code] = indicator
    return existing
