"""The filter backend of every list: django-filter, with integers the database can hold. An id of
20 digits would overflow the database's integer (a 500 from SQLite's driver, a DataError from
PostgreSQL) before the filter's own validation sees it: it answers 400 with a message instead."""
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

MAX_INTEGER = 2 ** 63 - 1


def check_integers(params) -> None:
    errors = {}
    for name, values in params.lists():
        for value in values:
            text = value.strip().lstrip("+-")
            if text.isdigit() and int(text) > MAX_INTEGER:
                errors[name] = [_("This number is too large.")]
    if errors:
        raise exceptions.ValidationError(errors)


class BoundedDjangoFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        check_integers(request.query_params)
        return super().filter_queryset(request, queryset, view)
