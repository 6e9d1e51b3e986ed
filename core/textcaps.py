"""Size caps on the long texts users type, so no request ever stores (and later renders or
exports) a megabyte of text. Every `TextField` of every model is capped, with no list to keep:
`DEFAULT_TEXT_LIMIT` characters unless the field sets `max_length` itself or its model declares a
larger (or smaller) cap by name:

    class Meeting(TenantModel):
        text_limits = {"minutes": 50_000}

Enforced on the one write path (`core.services.model_save`, so pages, the API, restores, imports and
tasks alike) and early on forms (`core.forms.StyledFormMixin` gives the form field the same cap),
with Django's translated "Ensure this value has at most … characters" message on the field."""
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

DEFAULT_TEXT_LIMIT = 10_000


def text_limit(model, field) -> int | None:
    """The cap of one field of `model` (a model field or its name), None if it is not a text field."""
    if isinstance(field, str):
        try:
            field = model._meta.get_field(field)
        except Exception:  # noqa: BLE001 - not a model field: no cap from the model
            return None
    if not isinstance(field, models.TextField):
        return None
    declared = getattr(model, "text_limits", None) or {}
    return declared.get(field.name) or field.max_length or DEFAULT_TEXT_LIMIT


def check_text_sizes(instance) -> None:
    """Raise a ValidationError, by field, for every text of `instance` over its cap."""
    errors = {}
    for field in instance._meta.concrete_fields:
        limit = text_limit(type(instance), field)
        value = getattr(instance, field.attname, None) if limit else None
        if isinstance(value, str) and len(value) > limit:
            try:
                MaxLengthValidator(limit)(value)
            except ValidationError as exc:
                errors[field.name] = exc.error_list
    if errors:
        raise ValidationError(errors)


def cap_form(form) -> None:
    """Give a form's text fields the cap of the model field behind them (a ModelForm) or the default
    one (a free text area), so the form answers with the message before any service runs. No
    `maxlength` attribute: a browser would cut a pasted text silently, and input must never be lost."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or field.max_length is not None:
            continue
        limit = text_limit(model, name) if model is not None else None
        if limit is None and isinstance(field.widget, forms.Textarea):
            limit = DEFAULT_TEXT_LIMIT
        if limit:
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))


def check_texts(texts: dict, *, limit: int = DEFAULT_TEXT_LIMIT) -> None:
    """The same cap for texts kept inside a JSON field (e.g. a document's sections), by key."""
    errors = {}
    for key, value in texts.items():
        if isinstance(value, str) and len(value) > limit:
            try:
                MaxLengthValidator(limit)(value)
            except ValidationError as exc:
                errors[key] = exc.error_list
    if errors:
        raise ValidationError(errors)
