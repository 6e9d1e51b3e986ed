from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OptimisticLockMixin, StyledFormMixin
from core.reference import LifeStage, MobilityDomain, Sector
from investments.models import Investment, InvestmentKind
from municipalities.models import Organization


class InvestmentForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Investment
        fields = ["title", "kind", "operator", "sector", "domain", "life_stage", "age_group", "start_year",
                  "end_year", "nature", "novelty", "annual_budget", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = Organization.objects.order_by("name_he")
        self.fields["sector"].required = False
        self.fields["sector"].help_text = _("Empty: the operator's sector.")
        self.fields["annual_budget"].widget.attrs.update({"min": "0", "step": "0.01", "inputmode": "decimal"})
        for name in ("title", "age_group", "description"):
            self.fields[name].widget.attrs["dir"] = "auto"


def _blank(choices):
    return [("", _("All"))] + list(choices)


class InvestmentFilterForm(StyledFormMixin, forms.Form):
    domain = forms.ChoiceField(label=_("Mobility domain"), choices=_blank(MobilityDomain.choices), required=False)
    life_stage = forms.ChoiceField(label=_("Life stage"), choices=_blank(LifeStage.choices), required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=_blank(Sector.choices), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=_blank(InvestmentKind.choices), required=False)
    operator = forms.ModelChoiceField(label=_("Operator"), queryset=Organization.objects.none(), required=False,
                                      empty_label=_("All"))
    year = forms.IntegerField(label=_("Running in year"), required=False, min_value=1948, max_value=2100)

    def __init__(self, *args, operators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if operators is not None:
            self.fields["operator"].queryset = operators
