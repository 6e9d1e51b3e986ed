"""includes/form.html: help texts and errors linked with ids that exist; radio and checkbox groups are a
fieldset with a legend (never `<label for="">`)."""
import re

from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from core.forms import StyledFormMixin


class SampleForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Name", help_text="As on the ID card.")
    outcome = forms.ChoiceField(label="Decision", choices=[("a", "Yes"), ("b", "No")], widget=forms.RadioSelect,
                                help_text="Pick one.")
    months = forms.MultipleChoiceField(label="Months", choices=[("1", "Jan"), ("2", "Feb")], required=False,
                                       widget=forms.CheckboxSelectMultiple)


def ids_and_refs(html):
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    refs = {ref for value in re.findall(r'aria-describedby="([^"]+)"', html) for ref in value.split()}
    return ids, refs


def test_help_texts_and_errors_are_linked_by_existing_ids():
    with translation.override("en"):
        for form in (SampleForm(), SampleForm(data={"name": ""})):
            form.is_valid()
            html = render_to_string("includes/form.html", {"form": form})
            ids, refs = ids_and_refs(html)
            assert refs and refs <= ids, refs - ids
            assert 'id="id_name_helptext"' in html
        assert re.search(r'<input[^>]*aria-describedby="id_name_errors id_name_helptext"', html)
        assert 'id="form-errors"' in html and 'tabindex="-1"' in html


def test_choice_groups_are_fieldsets_with_a_legend():
    with translation.override("en"):
        html = render_to_string("includes/form.html", {"form": SampleForm()})
    assert 'for=""' not in html
    assert re.search(r'<fieldset class="field group"[^>]*aria-describedby="id_outcome_helptext"[^>]*>\s*'
                     r'<legend>Decision', html)
    assert re.search(r"<fieldset[^>]*>\s*<legend>Months", html)
