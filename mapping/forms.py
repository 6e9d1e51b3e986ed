"""Forms of stage 5. They validate input and hand clean data to the services."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OptimisticLockMixin, StyledFormMixin
from core.reference import Infrastructure
from mapping.models import (
    BreakdownKind,
    GoldenIndicator,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    KnowledgeFactor,
    MappingSettings,
)
from municipalities.models import Person


def _breakdown_fields(form, indicator):
    kinds = indicator.breakdowns or []
    if not kinds:
        del form.fields["breakdown_kind"], form.fields["breakdown"]
        return
    form.fields["breakdown_kind"].choices = [("", _("Total (no breakdown)"))] + [
        (k, BreakdownKind(k).label) for k in kinds]
    form.fields["breakdown"].widget.attrs["dir"] = "auto"


class ValueForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["data_year", "breakdown_kind", "breakdown", "value", "source"]

    def __init__(self, *args, indicator, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.instance.indicator = indicator
        self.instance.municipality = municipality
        _breakdown_fields(self, indicator)
        self.fields["source"].widget.attrs["dir"] = "auto"

    def service_data(self):
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data.setdefault("breakdown_kind", "")
        data.setdefault("breakdown", "")
        data["indicator"] = self.indicator
        return data


class TargetForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ["target_year", "breakdown_kind", "breakdown", "value", "set_in_year", "rationale"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 2, "dir": "auto"})}

    def __init__(self, *args, indicator, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.instance.indicator = indicator
        self.instance.municipality = municipality
        _breakdown_fields(self, indicator)

    service_data = ValueForm.service_data


class GoldenForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = GoldenIndicator
        fields = ["indicator", "owner_person", "order", "note"]

    def __init__(self, *args, municipality, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.instance.municipality = municipality
        self.fields["owner_person"].queryset = Person.objects.filter(municipality=municipality, is_active=True)
        self.fields["note"].widget.attrs["dir"] = "auto"
        if self.instance.pk:
            del self.fields["indicator"]

    def service_data(self):
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version",)}


class SettingsForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = MappingSettings
        fields = ["stale_after_years", "target_year"]


class IndicatorForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    """A catalogue indicator (HQ) or a municipality's local indicator."""

    breakdowns = forms.MultipleChoiceField(label=_("Breakdowns"), required=False, choices=BreakdownKind.choices,
                                           widget=forms.CheckboxSelectMultiple)
    infrastructures = forms.MultipleChoiceField(label=_("Social infrastructures"), required=False,
                                                choices=Infrastructure.choices, widget=forms.CheckboxSelectMultiple)
    factors = forms.ModelMultipleChoiceField(label=_("Knowledge-map factors"), required=False,
                                             queryset=KnowledgeFactor.objects.none(),
                                             widget=forms.SelectMultiple(attrs={"size": 8}))

    class Meta:
        model = Indicator
        fields = ["code", "name_he", "name_en", "name_ar", "unit", "direction", "area", "card_figure", "life_stage",
                  "domain", "breakdowns", "infrastructures", "factors", "is_golden", "is_active", "source",
                  "description"]

    def __init__(self, *args, local=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factors"].queryset = KnowledgeFactor.objects.all()
        if self.instance.pk:
            self.initial.setdefault("factors", list(self.instance.factors.all()))
        if local:
            for name in ("code", "is_golden"):
                del self.fields[name]
        for name in ("name_he", "name_en", "name_ar", "source", "description"):
            self.fields[name].widget.attrs["dir"] = "auto"
        self.fields["name_en"].required = False

    def service_data(self):
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("version", "factors")}
        return data, list(self.cleaned_data.get("factors") or [])


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"),
                           help_text=_("The exported file, edited: the first row is the header."))
