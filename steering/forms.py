import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, OptimisticLockMixin, StyledFormMixin
from core.reference import Sector
from municipalities.models import Person
from steering.defaults import BodyKind
from steering.models import (
    MAX_MEETING_MINUTES,
    MIN_MEETING_MINUTES,
    ActionStatus,
    Body,
    BodyMember,
    Decision,
    Meeting,
    MemberRole,
)

MONTHS = [(i, _(name)) for i, name in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


def kind_default_data(kind) -> dict:
    """The guide's defaults for a kind, as the body form posts them (strings; lists for checkboxes)."""
    from steering.services import body_initial

    initial = body_initial(kind)
    data = {"name": str(BodyKind(kind).label), "chair_title": initial["chair_title"],
            "skip_months_choice": [str(m) for m in initial["skip_months"]]}
    for key in ("min_size", "max_size", "meetings_per_year", "interval_months", "duration_minutes"):
        data[key] = "" if initial[key] is None else str(initial[key])
    for value, _label in Sector.choices:
        data[f"target_{value}"] = str(initial["composition_target"].get(value, 0))
    return data


def rebase_on_kind(data, *, old_kind, new_kind):
    """The posted values of a new body's form whose Kind changed from `old_kind` (whose defaults the
    form showed) to `new_kind`: every value the user left at the old kind's default takes the new
    kind's default; what the user typed or changed stays. Returns a mutable copy."""
    data = data.copy()
    if old_kind in BodyKind.values and new_kind in BodyKind.values and old_kind != new_kind:
        old, new = kind_default_data(old_kind), kind_default_data(new_kind)
        for key, old_value in old.items():
            if isinstance(old_value, list):
                if sorted(data.getlist(key)) == sorted(old_value):
                    data.setlist(key, new[key])
            elif data.get(key, "").strip() == old_value:
                data[key] = new[key]
    if new_kind in BodyKind.values:
        data["defaults_kind"] = new_kind
    return data


def changed_from_defaults(body) -> int:
    """How many settings of a body differ from the guide's defaults for its kind."""
    from steering.services import body_initial

    initial = body_initial(body.kind)
    changed = sum(1 for key in ("min_size", "max_size", "chair_title", "meetings_per_year", "interval_months",
                                "duration_minutes") if getattr(body, key) != initial[key])
    changed += sorted(body.skip_months or []) != sorted(initial["skip_months"])
    target = {k: int(v) for k, v in (body.composition_target or {}).items() if int(v)}
    changed += target != {k: int(v) for k, v in initial["composition_target"].items() if int(v)}
    return changed


class BodyForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    """A body's settings. Starts from the guide's defaults for its kind; every value may change.
    On a new body, changing Kind re-renders the form with that kind's defaults (htmx, `kind_url`);
    without JavaScript the posted `defaults_kind` tells which kind's defaults the form showed, so
    the values left untouched take the submitted kind's defaults (`rebase_on_kind`)."""

    skip_months_choice = forms.TypedMultipleChoiceField(
        label=_("Months without meetings"), choices=MONTHS, coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("The steering committee does not meet in August."))
    # carries the target composition's errors (shown once, inside the target fieldset)
    target_total = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Body
        fields = ["name", "kind", "domain", "purpose", "chair_title", "chair", "min_size", "max_size",
                  "meetings_per_year", "interval_months", "duration_minutes", "reminder_days", "established_on",
                  "is_active"]
        widgets = {"established_on": DateInput(), "purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, kind_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["chair"].queryset = Person.objects.filter(municipality=municipality, is_active=True)
        target = self.initial.get("composition_target") or self.instance.composition_target or {}
        months = self.initial.get("skip_months", self.instance.skip_months) or []
        self.fields["skip_months_choice"].initial = months
        for value, label in Sector.choices:
            self.fields[f"target_{value}"] = forms.IntegerField(
                label=label, required=False, min_value=0, max_value=100, initial=target.get(value, 0),
                widget=forms.NumberInput(attrs={"class": "input", "inputmode": "numeric"}))
        if self.instance.pk:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("The kind of an existing body cannot change.")
        else:
            self.fields["defaults_kind"] = forms.CharField(widget=forms.HiddenInput, required=False,
                                                           initial=self.instance.kind)
            self.fields["kind"].help_text = _("Changing the kind fills in that kind's defaults; the name and "
                                              "purpose you typed stay.")
            if kind_url:
                self.fields["kind"].widget.attrs.update({
                    "hx-get": kind_url, "hx-trigger": "change", "hx-target": "#body-form",
                    "hx-swap": "outerHTML", "hx-include": "closest form"})

    def target_fields(self):
        return [self[f"target_{value}"] for value, _label in Sector.choices]

    def main_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith("target_")]

    def clean(self):
        cleaned = super().clean()
        target = {}
        for value, _label in Sector.choices:
            number = cleaned.get(f"target_{value}")
            if number:
                target[value] = number
        self.instance.composition_target = target
        self.instance.skip_months = sorted(cleaned.get("skip_months_choice") or [])
        return cleaned

    def _update_errors(self, errors):
        # model errors on the JSON fields belong to the inputs that edit them
        if hasattr(errors, "error_dict"):
            remap = {"composition_target": "target_total", "skip_months": "skip_months_choice"}
            for source, target in remap.items():
                if source in errors.error_dict:
                    errors.error_dict.setdefault(target, []).extend(errors.error_dict.pop(source))
        super()._update_errors(errors)


class PlanYearForm(StyledFormMixin, forms.Form):
    first_date = forms.DateField(label=_("First meeting date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), initial=dt.time(17, 0),
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    count = forms.IntegerField(label=_("Number of meetings"), min_value=1, max_value=52, required=False,
                               help_text=_("Leave empty for the body's required meetings a year."))
    avoid_holidays = forms.BooleanField(
        label=_("Move dates off Shabbat, Fridays, holidays and their eves"), required=False,
        help_text=_("Each such date moves to the next suitable weekday of its month (holidays and Chol HaMoed "
                    "from the Hebrew calendar)."))
    confirm = forms.BooleanField(label=_("Plan these dates anyway"), required=False, widget=forms.HiddenInput)

    def ask_to_confirm(self):
        """Show the confirmation checkbox (after warnings about the dates)."""
        self.fields["confirm"].widget = forms.CheckboxInput()

    def plan_values(self):
        return {k: v for k, v in self.cleaned_data.items() if k != "confirm"}


class MeetingForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "duration_minutes", "location", "status", "agenda"]
        widgets = {"starts_at": DateTimeLocalInput(), "agenda": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        duration = self.fields["duration_minutes"]  # the browser hint matches the model's 15-720
        duration.widget.attrs.update({"min": MIN_MEETING_MINUTES, "max": MAX_MEETING_MINUTES})


class MinutesForm(OptimisticLockMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 10})}


class MemberForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person from the directory"), queryset=Person.objects.none())
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("The person's own sector"))] + Sector.choices,
                               required=False)
    role = forms.ChoiceField(label=_("Role in the body"), choices=MemberRole.choices, initial=MemberRole.MEMBER)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        taken = BodyMember.objects.filter(body=body, is_active=True).values("person_id")
        self.fields["person"].queryset = Person.objects.filter(
            municipality_id=body.municipality_id, is_active=True).exclude(pk__in=taken).order_by("full_name")


class DecisionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ActionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    decision = forms.ModelChoiceField(label=_("Follows decision"), queryset=Decision.objects.none(), required=False)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(municipality_id=body.municipality_id,
                                                              is_active=True).order_by("full_name")
        self.fields["decision"].queryset = Decision.objects.filter(body=body).order_by("-number")
        self.fields["decision"].label_from_instance = lambda d: f"{d.number}. {d.text[:70]}"


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class BodyKindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of body"), choices=BodyKind.choices)
