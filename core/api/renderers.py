from rest_framework.renderers import BrowsableAPIRenderer


class BrowsableAPIWithoutChoiceForms(BrowsableAPIRenderer):
    """The browsable API without its generated HTML forms. Those forms list every choice of every
    related field (a select of all rounds, people, bodies...), which would show a caller records of
    other municipalities or HQ-only records. The raw JSON form stays, so the API can still be tried
    from the browser."""

    def get_rendered_html_form(self, data, view, method, request):
        return None
