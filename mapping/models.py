"""The indicator store (DESIGN.md, "mapping"): a platform-wide catalogue of indicators and the values
each municipality has for them, with the year of the data and the edition it came from. A later
edition adds values beside the earlier ones instead of overwriting them, so selection, the status
picture and plans all read one store with its history."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.i18n import Localized, localized
from core.reference import LifeStage, MobilityDomain, source_label
from core.tenancy import TenantModel

# The indicator catalogue is shared by every municipality; the values are tenant-owned.
PLATFORM_MODELS = ["Indicator"]


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


class Indicator(models.Model):
    """One measurable thing (platform-wide): a CBS registry figure, a social-mobility indicator, or a
    golden-data indicator an initiative tracks."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name_he = models.CharField(_("name (Hebrew)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
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
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
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
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["indicator__code", "-data_year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "indicator", "data_year", "source"],
                                    name="one_value_per_indicator_year_source",
                                    violation_error_message=_("This municipality already has a value of "
                                                              "this indicator for that year and source.")),
        ]
        indexes = [models.Index(fields=["indicator", "data_year"])]

    def __str__(self):
        return f"{self.indicator.code} {self.data_year}: {self.value}"

    def clean(self):
        if self.data_year is not None and not 1948 <= self.data_year <= 2100:
            raise ValidationError({"data_year": _("The data year must be between 1948 and 2100.")})
