"""Printable documents as PDF (WeasyPrint), Hebrew right-to-left with proper Hebrew fonts.

    pdf_response(request, "mou/pdf.html", context, filename="mou.pdf")

The template should extend `core/pdf_base.html`, which sets the page size, direction and fonts
("Noto Sans Hebrew" / "Frank Ruehl CLM" from Debian's fonts-noto-core and culmus, falling back to
DejaVu Sans, which also has Hebrew glyphs)."""
from django.http import HttpResponse
from django.template.loader import render_to_string


def render_pdf(request, template_name: str, context: dict, *, tagged: bool = False) -> bytes:
    """`tagged=True` writes a tagged PDF (structure tree: headings, tables, reading order) for
    screen readers."""
    from weasyprint import HTML  # imported lazily: loading pango takes a moment

    html = render_to_string(template_name, context, request=request)
    options = {"pdf_tags": True} if tagged else {}
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(**options)


def pdf_response(request, template_name: str, context: dict, *, filename: str, tagged: bool = False) -> HttpResponse:
    response = HttpResponse(render_pdf(request, template_name, context, tagged=tagged),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
