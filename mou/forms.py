from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, OptimisticLockMixin, StyledFormMixin
from mou.models import (
    EARLIEST_DATE,
    STEP_FUTURE_DAYS,
    WAIVABLE_ANCHORS,
    AgreementStep,
    BudgetLine,
    Duty,
    Language,
    LocalDirectorProfile,
    Signatory,
)
from mou.sections import SECTION_KEYS, SECTIONS
from municipalities.models import Person


class _SectionsForm(forms.Form):
    """A title and one text area per MOU section."""

    title = forms.CharField(label=_("Title"), max_length=200)
    field_order = ["title", *SECTION_KEYS]

    def sections(self) -> dict:
        return {key: self.cleaned_data.get(key, "") for key in SECTION_KEYS}

    def section_fields(self):
        return [self[key] for key in SECTION_KEYS]


for _key, _label in SECTIONS:
    _SectionsForm.base_fields[_key] = forms.CharField(label=_label, required=False,
                                                      widget=forms.Textarea(attrs={"rows": 5}))


class AgreementDraftForm(OptimisticLockMixin, StyledFormMixin, _SectionsForm):
    """Edit the draft; the form carries the agreement's `updated_at`, so a second, concurrent save is
    refused (with the user's text kept) instead of overwriting the first."""

    change_note = forms.CharField(label=_("What changed (optional)"), max_length=300, required=False)
    field_order = ["title", *SECTION_KEYS, "change_note"]

    def __init__(self, *args, agreement, **kwargs):
        self.instance = agreement
        super().__init__(*args, **kwargs)


class TemplateForm(OptimisticLockMixin, StyledFormMixin, _SectionsForm):
    def __init__(self, *args, template, **kwargs):
        self.instance = template
        super().__init__(*args, **kwargs)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Document language"), choices=Language.choices)


class StepForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AgreementStep
        fields = ["kind", "date", "participants", "notes"]
        widgets = {"date": DateInput(), "participants": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser's date picker offers the same range the model accepts.
        self.fields["date"].widget.attrs.update({
            "min": EARLIEST_DATE.isoformat(),
            "max": (timezone.localdate() + timedelta(days=STEP_FUTURE_DAYS)).isoformat()})


class BudgetLineForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "source_sector", "funder", "purpose", "amount"]
        widgets = {"amount": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})}


class SignatoryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["person", "anchor", "capacity", "required", "signs_on_paper", "order"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(municipality=municipality, is_active=True)


class AnchorExemptionForm(StyledFormMixin, forms.Form):
    """HQ marks one of the guide's anchors not applicable to this MOU, with the reason."""

    anchor = forms.ChoiceField(label=_("Anchor"), choices=[(a.value, a.label) for a in WAIVABLE_ANCHORS])
    reason = forms.CharField(label=_("Why it does not apply"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, exempted=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = [(a.value, a.label) for a in WAIVABLE_ANCHORS if a not in exempted]


class DirectorProfileForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    local_director = forms.ModelChoiceField(label=_("Local director"), queryset=Person.objects.none(),
                                            required=False)
    duties = forms.MultipleChoiceField(label=_("Duties in the role profile"), choices=Duty.choices,
                                       required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = LocalDirectorProfile
        fields = ["local_director", "reports_to", "reports_to_person", "recruitment_status", "start_date",
                  "permanent_post_due", "permanent_post_achieved_on", "duties", "notes"]
        widgets = {"start_date": DateInput(), "permanent_post_due": DateInput(),
                   "permanent_post_achieved_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(municipality=municipality, is_active=True)
        self.fields["local_director"].queryset = people
        self.fields["reports_to_person"].queryset = people
        if not self.is_bound and self.instance.initiative_id:
            self.initial["local_director"] = self.instance.initiative.local_director_id
