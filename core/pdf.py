"""Printable documents as PDF (WeasyPrint), Hebrew right-to-left with proper Hebrew fonts.

    pdf_response(request, "mou/pdf.html", context, filename="mou.pdf")

The template should extend `core/pdf_base.html`, which sets the page size, direction and fonts
("Noto Sans Hebrew" / "Frank Ruehl CLM" from Debian's fonts-noto-core and culmus, falling back to
DejaVu Sans, which also has Hebrew glyphs)."""
from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"


def render_pdf(request, template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported lazily: loading pango takes a moment

    html = render_to_string(template_name, context, request=request)
    # Tagged PDF (PDF/UA-1): headings, tables and reading order reach screen readers; the document
    # language comes from <html lang>.
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(pdf_variant=PDF_VARIANT)


def pdf_response(request, template_name: str, context: dict, *, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(request, template_name, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
