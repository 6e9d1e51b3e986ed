from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OptimisticLockMixin, StyledFormMixin
from core.reference import MobilityDomain
from design_forum import selectors as design_forum_selectors
from municipalities.models import Person
from teams.models import LEAD_SECTORS, ProfessionalTeam, TeamOutput


class TeamCreateForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=200)
    domain = forms.ChoiceField(label=_("Mobility domain"), choices=MobilityDomain.choices)
    local_goal = forms.ModelChoiceField(label=_("Local goal"), queryset=None, required=False,
                                        help_text=_("The goal the team works for, once the authority adopted it."))
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_goal"].queryset = design_forum_selectors.local_goal_list(
            municipality_id=municipality.pk)


class TeamForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ProfessionalTeam
        fields = ["domain", "local_goal"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_goal"].queryset = design_forum_selectors.local_goal_list(
            municipality_id=self.instance.municipality_id)


class AppointLeadForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Domain lead"), queryset=Person.objects.none(),
                                    help_text=_("An authority official or a member of the initiative's staff, from "
                                                "the people directory. The domain lead also becomes the chair of "
                                                "the team's body."))
    mandate = forms.CharField(label=_("Mandate, authority and responsibility"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            municipality=municipality, is_active=True, sector__in=LEAD_SECTORS).order_by("full_name")
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} · {p.role_title}" if p.role_title \
            else p.full_name


class TrackItemForm(forms.Form):
    done = forms.BooleanField(label=_("Done"), required=False)
    link_url = forms.CharField(label=_("Link to the document or record"), max_length=500, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class OutputForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TeamOutput
        fields = ["kind", "title", "description", "link_url"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
