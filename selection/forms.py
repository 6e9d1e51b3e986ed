from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, OptimisticLockMixin, StyledFormMixin
from core.reference import district_label
from municipalities.models import Municipality, MunicipalityKind, PopulationSector
from selection import selectors
from selection.models import (
    Axis,
    Candidate,
    CandidateStatus,
    InterviewComment,
    Outcome,
    ReadinessCriterion,
    SelectionRound,
)

CLUSTER_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(1, 11)]
KIND_CHOICES = [c for c in MunicipalityKind.choices if c[0] != MunicipalityKind.CLUSTER]
SORT_CHOICES = [(k, k) for k in selectors.SORTS]


class RoundForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SelectionRound
        fields = ["name", "description", "stage"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class NewRoundForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SelectionRound
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class FilterForm(StyledFormMixin, forms.Form):
    """Stage A criteria. Ranges are inclusive; an empty bound is open."""

    se_min = forms.TypedChoiceField(label=_("From"), choices=CLUSTER_CHOICES,
                                    coerce=int, empty_value=None, required=False)
    se_max = forms.TypedChoiceField(label=_("To"), choices=CLUSTER_CHOICES,
                                    coerce=int, empty_value=None, required=False)
    per_min = forms.TypedChoiceField(label=_("From"), choices=CLUSTER_CHOICES,
                                     coerce=int, empty_value=None, required=False)
    per_max = forms.TypedChoiceField(label=_("To"), choices=CLUSTER_CHOICES,
                                     coerce=int, empty_value=None, required=False)
    pop_min = forms.IntegerField(label=_("From"), min_value=0, required=False)
    pop_max = forms.IntegerField(label=_("To"), min_value=0, required=False)
    kinds = forms.MultipleChoiceField(label=_("Municipal status"), choices=KIND_CHOICES, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    districts = forms.MultipleChoiceField(label=_("District"), choices=[], required=False,
                                          widget=forms.SelectMultiple(attrs={"size": 4}))
    sectors = forms.MultipleChoiceField(label=_("Population sector"), choices=PopulationSector.choices,
                                        required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].choices = [(d, str(district_label(d))) for d in selectors.district_choices()]

    def clean(self):
        cleaned = super().clean()
        for low, high in (("se_min", "se_max"), ("per_min", "per_max"), ("pop_min", "pop_max")):
            a, b = cleaned.get(low), cleaned.get(high)
            if a is not None and b is not None and a > b:
                self.add_error(high, _("The upper bound must not be below the lower bound."))
        return cleaned

    def criteria(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}


class CandidateAddForm(StyledFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(label=_("Authority"), queryset=Municipality.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = selectors.authorities().order_by("name_he")


class CandidateStatusForm(StyledFormMixin, forms.Form):
    prefix = "status"
    status = forms.ChoiceField(label=_("Move to"), choices=CandidateStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LocalityFileForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    prefix = "file"

    class Meta:
        model = Candidate
        fields = ["other_investments", "big_moves", "external_trends", "recommendation_strength",
                  "opportunity_strength"]
        widgets = {f: forms.Textarea(attrs={"rows": 3})
                   for f in ("other_investments", "big_moves", "external_trends")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("recommendation_strength", "opportunity_strength"):  # 1-5, as the help text says
            field = self.fields[name]
            field.min_value, field.max_value = 1, 5
            field.widget.attrs.update({"min": 1, "max": 5, "step": 1})


class CallAnswerForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    prefix = "call"

    class Meta:
        model = Candidate
        fields = ["call_answered", "call_answered_on", "capability_answer", "motivation_answer"]
        widgets = {"call_answered_on": DateInput(), "capability_answer": forms.Textarea(attrs={"rows": 3}),
                   "motivation_answer": forms.Textarea(attrs={"rows": 3})}


class ChecksForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    prefix = "checks"

    class Meta:
        model = Candidate
        fields = Candidate.CHECK_FIELDS


class CommentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = InterviewComment
        fields = ["interviewee", "interviewee_role", "interview_date", "text"]
        widgets = {"interview_date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}


class CallForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SelectionRound
        fields = ["call_sent_on", "call_deadline", "call_text"]
        widgets = {"call_sent_on": DateInput(), "call_deadline": DateInput(),
                   "call_text": forms.Textarea(attrs={"rows": 3})}


class ReadinessForm(StyledFormMixin, forms.Form):
    """One assessor's six scores (1-5, empty = not scored) with evidence notes."""

    SCORE_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]

    def __init__(self, *args, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        for code, label in ReadinessCriterion.choices:
            current = initial_scores.get(code)
            self.fields[f"score_{code}"] = forms.TypedChoiceField(
                label=label, choices=self.SCORE_CHOICES, coerce=int, empty_value=None, required=False,
                initial=current.score if current else None, help_text=_("1 (weak) to 5 (strong)."))
            self.fields[f"evidence_{code}"] = forms.CharField(
                label=_("Evidence: %(criterion)s") % {"criterion": label}, required=False,
                initial=current.evidence if current else "", widget=forms.Textarea(attrs={"rows": 2}))
        self._restyle()

    def _restyle(self):
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")

    def scores(self) -> dict:
        return {code: (self.cleaned_data.get(f"score_{code}"), self.cleaned_data.get(f"evidence_{code}", ""))
                for code in ReadinessCriterion.values}

    def pairs(self):
        return [(self[f"score_{code}"], self[f"evidence_{code}"]) for code in ReadinessCriterion.values]


class RubricForm(forms.Form):
    """Axis and weight of every criterion of the round's rubric."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"axis_{c.pk}"] = forms.ChoiceField(label=_("Axis"), choices=Axis.choices, initial=c.axis)
            self.fields[f"weight_{c.pk}"] = forms.DecimalField(
                label=_("Weight"), max_digits=6, decimal_places=2, min_value=0, max_value=100,
                initial=c.weight, widget=forms.NumberInput(attrs={"step": "0.5", "class": "input"}))

    def rows(self):
        return [(c, self[f"axis_{c.pk}"], self[f"weight_{c.pk}"]) for c in self.criteria]

    def weights(self) -> dict:
        return {c.pk: (self.cleaned_data[f"axis_{c.pk}"], self.cleaned_data[f"weight_{c.pk}"])
                for c in self.criteria}


class DecisionForm(StyledFormMixin, forms.Form):
    prefix = "decision"
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))
    checks_override_reason = forms.CharField(
        label=_("Why select without all six checks"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to select when fewer than the six must-confirm checks are confirmed; recorded with the "
                    "decision."))
    partner_override_reason = forms.CharField(
        label=_("Why select an existing partner"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("This authority already has an active initiative: selecting it keeps that initiative (no second "
                    "one is opened); say why it is selected again."))

    def __init__(self, *args, checks_confirmed=6, existing_partner=False, **kwargs):
        super().__init__(*args, **kwargs)
        if checks_confirmed >= 6:
            del self.fields["checks_override_reason"]
        if not existing_partner:
            del self.fields["partner_override_reason"]


class RegistryUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("CBS registry file (CSV or XLSX)"),
                           help_text=_("Same columns as israel_local_authorities.csv; the first row is the header."))
    edition = forms.CharField(label=_("Edition"), max_length=150,
                              initial="CBS, Local Authorities in Israel 2022",
                              help_text=_("Stored with every value so earlier editions stay in the history."))
    population_year = forms.IntegerField(label=_("Year of the population figures"), min_value=1948,
                                         max_value=2100)
    socioeconomic_year = forms.IntegerField(label=_("Year of the socio-economic index"), min_value=1948,
                                            max_value=2100)
    peripherality_year = forms.IntegerField(label=_("Year of the peripherality index"), min_value=1948,
                                            max_value=2100)

    YEAR_FIELDS = ("population_year", "socioeconomic_year", "peripherality_year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Default to the years the registry holds now, so re-uploading an unchanged file changes
        # nothing; a new edition's years are set by the user.
        for name, year in selectors.registry_years().items():
            if year is not None:
                self.fields[name].initial = year

    def explicit_years(self) -> list[str]:
        """The year fields the user set to something other than the registry's current year."""
        return [f for f in self.YEAR_FIELDS if self.cleaned_data.get(f) != self.fields[f].initial]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
