"""Printable documents as PDF (WeasyPrint), Hebrew right-to-left with proper Hebrew fonts.

    return pdf_response(request, "mou/pdf.html", context, filename="mou.pdf")

The template should extend `core/pdf_base.html`, which sets the page size, direction and fonts
("Noto Sans Hebrew" / "Frank Ruehl CLM" from Debian's fonts-noto-core and culmus, falling back to
DejaVu Sans, which also has Hebrew glyphs).

Never unbounded in a request, never twice for the same document:
- The page's HTML is rendered (fast); the PDF is **cached by the hash of that HTML** (the cache:
  Redis in production, shared by all workers), so the same version with the same content is
  converted once and every later click of any viewer is instant. Anything that changes the text
  (a new version, a signature, another language) changes the hash; keep clock times out of the
  document (print the date, not the minute) or every minute is a new document.
- The conversion runs as the Celery task `core.pdf_render` (`soft_time_limit`), and inside it in a
  child process killed after `PDF_RENDER_TIME_LIMIT` seconds, so even an eager (no-worker) setup is
  bounded. The page waits up to `PDF_WAIT_SECONDS` for it; if it is not ready it answers 202 "being
  prepared" with a refresh; a document that cannot be converted in the limit answers 503 with a
  message (and is not tried again for `PDF_FAILURE_SECONDS`)."""
import hashlib
import multiprocessing
import time

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

PDF_VARIANT = "pdf/ua-1"
FAILED = "failed"


class PdfTimeout(Exception):
    """The conversion took longer than the limit and was stopped."""


def _setting(name, default):
    return getattr(settings, name, default)


def _write_pdf(html: str, base_url: str) -> bytes:
    from weasyprint import HTML  # imported lazily: loading pango takes a moment

    # Tagged PDF (PDF/UA-1): headings, tables and reading order reach screen readers; the document
    # language comes from <html lang>.
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant=PDF_VARIANT)


def _child(connection, html, base_url):  # pragma: no cover - runs in the child process
    try:
        connection.send(("ok", _write_pdf(html, base_url)))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises it
        connection.send(("error", repr(exc)))
    finally:
        connection.close()


def render_bounded(html: str, base_url: str, *, limit: float | None = None) -> bytes:
    """HTML → PDF in a child process, stopped after `limit` seconds (PdfTimeout)."""
    limit = _setting("PDF_RENDER_TIME_LIMIT", 30) if limit is None else limit
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, html, base_url), daemon=True)
    try:
        process.start()
    except AssertionError:  # a daemonic worker process may not fork: the task's own time limit bounds it
        receiver.close()
        sender.close()
        return _write_pdf(html, base_url)
    sender.close()
    try:
        if not receiver.poll(limit):
            raise PdfTimeout(f"PDF conversion stopped after {limit} s")
        status, payload = receiver.recv()
    except EOFError:
        raise RuntimeError("The PDF conversion process ended without a result")
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if status != "ok":
        raise RuntimeError(f"PDF conversion failed: {payload}")
    return payload


def _lock_key(key):
    return f"{key}:rendering"


def convert_and_cache(*, html: str, base_url: str, key: str) -> bool:
    """The task `core.pdf_render`: convert and cache one document. Idempotent: a cached document
    is not converted again."""
    if cache.get(key) not in (None, FAILED):
        return True
    try:
        pdf = render_bounded(html, base_url)
    except (PdfTimeout, SoftTimeLimitExceeded):
        cache.set(key, FAILED, _setting("PDF_FAILURE_SECONDS", 600))
        return False
    finally:
        cache.delete(_lock_key(key))
    cache.set(key, pdf, _setting("PDF_CACHE_SECONDS", 7 * 24 * 3600))
    return True


def cache_key(template_name: str, html: str, base_url: str) -> str:
    digest = hashlib.sha256("\0".join((template_name, base_url, html)).encode()).hexdigest()
    return f"pdf:{digest}"


def cached_pdf(request, template_name: str, context: dict):
    """The PDF bytes of the document, FAILED if it cannot be converted within the limit, or None if
    it is still being prepared after a short wait."""
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/")
    key = cache_key(template_name, html, base_url)
    pdf = cache.get(key)
    if pdf is not None:
        return pdf
    if cache.add(_lock_key(key), 1, _setting("PDF_RENDER_TIME_LIMIT", 30) + 60):
        from core.tasks import pdf_render

        pdf_render.delay(html=html, base_url=base_url, key=key)
    deadline = time.monotonic() + _setting("PDF_WAIT_SECONDS", 10)
    while (pdf := cache.get(key)) is None and time.monotonic() < deadline:
        time.sleep(0.2)
    return pdf


def pdf_response(request, template_name: str, context: dict, *, filename: str) -> HttpResponse:
    pdf = cached_pdf(request, template_name, context)
    if pdf is None:
        response = render(request, "core/pdf_pending.html", {"failed": False}, status=202)
        response["Refresh"] = "5"
        return response
    if pdf == FAILED:
        return render(request, "core/pdf_pending.html", {"failed": True}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def render_pdf(request, template_name: str, context: dict) -> bytes:
    """The PDF bytes now (cached, bounded), for callers that attach a document elsewhere."""
    pdf = cached_pdf(request, template_name, context)
    if pdf is None or pdf == FAILED:
        raise PdfTimeout("The document could not be prepared in time")
    return pdf
