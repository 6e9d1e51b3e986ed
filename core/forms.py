"""Form helpers shared by every stage."""
from django import forms
from django.utils.translation import gettext_lazy as _


class OptimisticLockMixin:
    """Detects a concurrent edit: the form carries the record's `updated_at` as it was when the
    page was opened; if the record changed since, saving is refused (the user's input stays in the
    form) instead of silently overwriting the other person's change."""

    version_field = "updated_at"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["version"] = self._current_version()

    def _current_version(self):
        value = getattr(self.instance, self.version_field, None)
        return value.isoformat() if value else ""

    def clean(self):
        cleaned = super().clean()
        if self.instance and self.instance.pk:
            stored = type(self.instance)._base_manager.filter(pk=self.instance.pk) \
                .values_list(self.version_field, flat=True).first()
            stored = stored.isoformat() if stored else ""
            if cleaned.get("version") != stored:
                raise forms.ValidationError(
                    _("Someone else saved this record after you opened it. Your changes were not saved "
                      "and are still in the form: reload the page to see the other changes, then apply "
                      "yours again."), code="stale")
            # The check above answers early with the form intact; the save itself compares and writes
            # in one step against this same version (core.services), so a save racing this one fails.
            from core.services import expect_version

            expect_version(self.instance, cleaned.get("version"))
        return cleaned


class StyledFormMixin:
    """Adds the house CSS class and ARIA attributes to every widget, and the text size caps
    (`core.textcaps`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from core.textcaps import cap_form

        cap_form(self)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.HiddenInput, forms.CheckboxSelectMultiple,
                                   forms.RadioSelect)):
                continue
            widget.attrs.setdefault("class", "input")
            if field.required:
                widget.attrs.setdefault("aria-required", "true")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                bound, widget = self[name], self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                if bound.use_fieldset:
                    continue  # the group's <fieldset> carries aria-describedby (includes/form.html)
                ids = [f"{bound.auto_id}_errors"]
                if self.fields[name].help_text:
                    ids.append(f"{bound.auto_id}_helptext")  # Django's own id for the help text
                widget.attrs["aria-describedby"] = " ".join(ids)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


def add_validation_errors(form, exc) -> None:
    """Put a service's ValidationError on the form: field errors on their fields (others on the
    form as a whole), so the page shows them next to what the user typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def messages_from_validation_error(request, exc) -> None:
    """Show a service's ValidationError as error messages (for actions without a form)."""
    from django.contrib import messages

    for message in exc.messages:
        messages.error(request, message)
