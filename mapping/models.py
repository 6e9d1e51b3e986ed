"""The indicator store (DESIGN.md, "mapping"): a platform-wide catalogue of indicators and the values
each municipality has for them, with the year of the data and the edition it came from. A later
edition adds values beside the earlier ones instead of overwriting them, so selection, the status
picture and plans all read one store with its history."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.sql import Query
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core import tenancy
from core.i18n import Localized, localized
from core.reference import Infrastructure, LifeStage, MobilityDomain, source_label
from core.tenancy import TenantModel

# The indicator catalogue and the knowledge map are shared by every municipality; the values,
# targets and golden-data choices are tenant-owned. A municipality's local indicators are catalogue
# rows owned by it (`Indicator.municipality`), visible only inside its scope (see CatalogueQuery).
PLATFORM_MODELS = ["Indicator", "KnowledgeFactor"]


class Area(models.TextChoices):
    """The life stages and mobility domains of the status picture (the guide's dashboard cards)."""

    BIRTH_6 = "birth_6", _("Birth to 6")
    ELEMENTARY = "elementary", _("Elementary school")
    HIGH_SCHOOL = "high_school", _("High school")
    YOUTH_MOVEMENTS = "youth_movements", _("Youth movements")
    SERVICE = "service", _("Military and national service")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    EMPLOYMENT = "employment", _("Employment")
    SKILLS_21 = "skills_21", _("21st-century skills")
    LOCALITY = "locality", _("The locality (headline figures)")


class CardFigure(models.TextChoices):
    """Which figure of its area's card an indicator gives (the guide's cards: share, count,
    institutions, average cost per child)."""

    NONE = "", _("Not on the card")
    SHARE = "share", pgettext_lazy("card figure", "Share")
    COUNT = "count", pgettext_lazy("card figure", "Count")
    INSTITUTIONS = "institutions", pgettext_lazy("card figure", "Institutions")
    COST = "cost", _("Average cost per child")


class BreakdownKind(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    INSTITUTION = "institution", _("Institution")
    MOVEMENT = "movement", _("Youth movement")
    SERVICE_TYPE = "service_type", _("Service type")
    GENDER = "gender", _("Gender")
    AGE_GROUP = "age_group", _("Age group")
    FRAMEWORK = "framework", _("Framework type")
    POPULATION = "population", _("Population group")


class FactorMap(models.TextChoices):
    """The knowledge map's groups of social-mobility factors (ROADMAP.md)."""

    INDIVIDUAL_0_18 = "individual_0_18", _("The individual, birth to 18")
    ECOSYSTEM_0_18 = "ecosystem_0_18", _("The ecosystem, birth to 18")
    ADULTHOOD_18_35 = "adulthood_18_35", _("Adulthood, 18 to 35")


class KnowledgeFactor(models.Model):
    """One of the knowledge map's 53 social-mobility factors (platform-wide, seeded)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    factor_map = models.CharField(_("map"), max_length=20, choices=FactorMap.choices)
    group = models.CharField(_("group"), max_length=60, blank=True,
                             help_text=_("For example social-emotional development, home environment, "
                                         "promoter or inhibitor."))
    name_he = models.CharField(_("name (Hebrew)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    critical_ages = models.CharField(_("ages where it is critical"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["factor_map", "order", "code"]
        verbose_name = _("knowledge-map factor")
        verbose_name_plural = _("knowledge-map factors")

    def __str__(self):
        return self.name

    @property
    def name(self) -> Localized:
        return localized(self, "name")


class CatalogueQuery(Query):
    """The catalogue as the current scope sees it: every platform indicator, plus the local ones of
    the municipalities in scope (all of them in the all-scope; none without a scope). Applied when
    the query runs, like core.tenancy.TenantQuery, so a queryset built earlier cannot leak."""

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        current = tenancy.current_scope()
        query = self.clone()
        query.__class__ = Query
        if current is None:
            query.add_q(models.Q(municipality__isnull=True))
        elif not current.is_all:
            query.add_q(models.Q(municipality__isnull=True) | models.Q(municipality_id__in=current.ids))
        return query.get_compiler(using=using, connection=connection, elide_empty=elide_empty)


class CatalogueManager(models.Manager):
    def get_queryset(self):
        return models.QuerySet(model=self.model, query=CatalogueQuery(self.model), using=self._db,
                               hints=self._hints)


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")
    NEUTRAL = "neutral", _("Neither (context)")


class Unit(models.TextChoices):
    PERCENT = "percent", _("Percent")
    SHEKELS = "shekels", _("Shekels")
    PEOPLE = "people", _("People")
    CLUSTER = "cluster", _("Cluster (1-10)")
    INDEX = "index", _("Index value")
    RANK = "rank", _("Rank")
    RATIO = "ratio", _("Ratio (0-1)")
    COUNT = "count", pgettext_lazy("unit", "Count")


class Indicator(models.Model):
    """One measurable thing: a CBS registry figure, a social-mobility indicator, or a golden-data
    indicator an initiative tracks. Platform-wide (HQ maintains the catalogue), except a
    municipality's local indicators (`municipality` set), which only that municipality sees."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name_he = models.CharField(_("name (Hebrew)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices,
                                 default=Direction.HIGHER_IS_BETTER)
    life_stage = models.CharField(_("life stage"), max_length=24, choices=LifeStage.choices, blank=True)
    domain = models.CharField(_("mobility domain"), max_length=24, choices=MobilityDomain.choices,
                              blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True,
                              help_text=_("The publication the values come from."))
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("life stage or domain"), max_length=20, choices=Area.choices, blank=True)
    card_figure = models.CharField(_("figure on the area's card"), max_length=12, choices=CardFigure.choices,
                                   blank=True, default="")
    breakdowns = models.JSONField(_("breakdowns"), default=list, blank=True,
                                  help_text=_("The kinds of breakdown its values may have."))
    infrastructures = models.JSONField(_("social infrastructures"), default=list, blank=True)
    factors = models.ManyToManyField(KnowledgeFactor, blank=True, related_name="indicators",
                                     verbose_name=_("knowledge-map factors"))
    is_golden = models.BooleanField(_("recommended golden data"), default=False,
                                    help_text=_("Suggested to every municipality as golden data."))
    is_active = models.BooleanField(_("active"), default=True)
    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("local indicator of"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CatalogueManager()
    everything = models.Manager()  # every municipality's local indicators too (HQ, imports)

    history = HistoricalRecords(m2m_fields=[factors])

    class Meta:
        ordering = ["code"]
        base_manager_name = "everything"
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    @property
    def name(self) -> Localized:
        return localized(self, "name")

    @property
    def source_label(self) -> Localized:
        return source_label(self.source)

    @property
    def is_local(self) -> bool:
        return self.municipality_id is not None

    def clean(self):
        kinds = set(BreakdownKind.values)
        if not isinstance(self.breakdowns, list) or any(b not in kinds for b in self.breakdowns):
            raise ValidationError({"breakdowns": _("Choose breakdowns from the list.")})
        known = set(Infrastructure.values)
        if not isinstance(self.infrastructures, list) or any(i not in known for i in self.infrastructures):
            raise ValidationError({"infrastructures": _("Choose infrastructures from the list.")})


class IndicatorValue(TenantModel):
    """A municipality's value of one indicator for one data year from one source edition. Missing data
    is a missing row, never a zero."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("municipality"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values",
                                  verbose_name=_("indicator"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    data_year = models.PositiveSmallIntegerField(_("data year"))
    source = models.CharField(_("edition / source"), max_length=200,
                              help_text=_("For example “CBS, Local Authorities in Israel 2021”."))
    breakdown_kind = models.CharField(_("breakdown"), max_length=20, choices=BreakdownKind.choices,
                                      blank=True, default="")
    breakdown = models.CharField(_("breakdown value"), max_length=120, blank=True, default="",
                                 help_text=_("For example the neighbourhood's name; empty for the total."))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("entered by"))
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["indicator__code", "-data_year", "breakdown_kind", "breakdown"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "indicator", "data_year", "breakdown_kind",
                                            "breakdown", "source"],
                                    name="one_value_per_indicator_year_breakdown_source",
                                    violation_error_message=_("This municipality already has a value of "
                                                              "this indicator for that year, breakdown "
                                                              "and source.")),
        ]
        indexes = [models.Index(fields=["indicator", "data_year"])]

    def __str__(self):
        label = f" [{self.breakdown}]" if self.breakdown else ""
        return f"{self.indicator.code} {self.data_year}{label}: {self.value}"

    def clean(self):
        if self.data_year is not None and not 1948 <= self.data_year <= 2100:
            raise ValidationError({"data_year": _("The data year must be between 1948 and 2100.")})
        _check_breakdown(self)
        _check_indicator_owner(self)


def _check_breakdown(row):
    row.breakdown = (row.breakdown or "").strip()
    if bool(row.breakdown_kind) != bool(row.breakdown):
        raise ValidationError({"breakdown": _("Give both the kind of breakdown and its value, or neither "
                                              "(the total).")})
    indicator = getattr(row, "indicator", None) if row.indicator_id else None
    if row.breakdown_kind and indicator is not None and row.breakdown_kind not in (indicator.breakdowns or []):
        raise ValidationError({"breakdown_kind": _("This indicator has no breakdown by %(kind)s.") % {
            "kind": BreakdownKind(row.breakdown_kind).label}})
    if indicator is not None and indicator.unit == Unit.PERCENT and row.value is not None \
            and not 0 <= row.value <= 100:
        raise ValidationError({"value": _("A percentage must be between 0 and 100.")})


def _check_indicator_owner(row):
    indicator = getattr(row, "indicator", None) if row.indicator_id else None
    if indicator is not None and indicator.municipality_id is not None \
            and indicator.municipality_id != row.municipality_id:
        raise ValidationError({"indicator": _("This indicator belongs to another municipality.")})


class IndicatorTarget(TenantModel):
    """Where a municipality wants an indicator to be in a given year (per breakdown where it has
    one), with the year the target was set and why."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("municipality"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets",
                                  verbose_name=_("indicator"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    breakdown_kind = models.CharField(_("breakdown"), max_length=20, choices=BreakdownKind.choices,
                                      blank=True, default="")
    breakdown = models.CharField(_("breakdown value"), max_length=120, blank=True, default="")
    value = models.DecimalField(_("target value"), max_digits=16, decimal_places=4)
    set_in_year = models.PositiveSmallIntegerField(_("year the target was set"))
    rationale = models.TextField(_("rationale"), blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("set by"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["indicator__code", "target_year", "breakdown_kind", "breakdown"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "indicator", "target_year", "breakdown_kind",
                                            "breakdown"], name="one_target_per_indicator_year_breakdown",
                                    violation_error_message=_("This indicator already has a target for "
                                                              "that year and breakdown.")),
        ]

    def __str__(self):
        label = f" [{self.breakdown}]" if self.breakdown else ""
        return f"{self.indicator.code} → {self.target_year}{label}: {self.value}"

    def clean(self):
        for name in ("target_year", "set_in_year"):
            year = getattr(self, name)
            if year is not None and not 1948 <= year <= 2100:
                raise ValidationError({name: _("The year must be between 1948 and 2100.")})
        if self.target_year and self.set_in_year and self.target_year < self.set_in_year:
            raise ValidationError({"target_year": _("A target is for the year it was set or a later one.")})
        _check_breakdown(self)
        _check_indicator_owner(self)


class GoldenIndicator(TenantModel):
    """One indicator of a municipality's golden data: the small fixed set decisions refer to, with
    the person who owns its figures."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("municipality"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="golden_in",
                                  verbose_name=_("indicator"))
    owner_person = models.ForeignKey("municipalities.Person", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+", verbose_name=_("owner (person)"))
    owner_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("owner (user)"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["order", "indicator__code"]
        verbose_name = _("golden-data indicator")
        verbose_name_plural = _("golden-data indicators")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "indicator"], name="one_golden_row_per_indicator",
                                    violation_error_message=_("This indicator is already in the golden "
                                                              "data.")),
        ]

    def __str__(self):
        return str(self.indicator)

    @property
    def owner(self):
        return self.owner_person or self.owner_user

    def clean(self):
        if self.owner_person_id and self.owner_user_id:
            raise ValidationError({"owner_user": _("Choose a person or a user as the owner, not both.")})
        _check_indicator_owner(self)


class MappingSettings(TenantModel):
    """A municipality's settings of the status picture."""

    municipality = models.ForeignKey("municipalities.Municipality", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("municipality"))
    stale_after_years = models.PositiveSmallIntegerField(
        _("golden data is stale after (years)"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("A golden indicator whose newest value is older than this many years is flagged, "
                    "and its owner is told."))
    target_year = models.PositiveSmallIntegerField(_("default target year"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("status picture settings")
        verbose_name_plural = _("status picture settings")
        constraints = [models.UniqueConstraint(fields=["municipality"], name="one_mapping_settings_row")]

    def __str__(self):
        return str(_("Status picture settings"))
