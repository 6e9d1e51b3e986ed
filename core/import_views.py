"""The page of one import job (progress while it runs, then its preview or outcome), shared by every
stage: `/hq/imports/<pk>/` for platform-wide jobs, `/m/<slug>/imports/<pk>/` for a municipality's."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import imports, spreadsheets
from core.access import hq_view, tenant_view
from core.models import ImportJobStatus


def job_page(request, job, *, poll_url, apply_url, back_url="", back_label=""):
    """Render a job (full page, or the polled fragment for htmx); POST "apply" applies it."""
    spec = spreadsheets.get_spec(job.kind)
    if request.method == "POST" and "apply" in request.POST:
        if job.status != ImportJobStatus.PREVIEWED:
            messages.error(request, _("This file cannot be applied now (%(status)s).") % {
                "status": job.get_status_display()})
        else:
            try:
                mode = imports.run(job, "apply", by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                if mode == imports.SYNC:
                    job.refresh_from_db()
                    if job.status == ImportJobStatus.DONE:
                        messages.success(request, _("Applied: %(counts)s") % {"counts": imports.result_message(job)})
                    else:
                        messages.error(request, _("The file has errors; nothing was saved."))
        return redirect(poll_url)
    context = {"job": job, "progress": imports.progress_of(job), "poll_url": poll_url, "apply_url": apply_url,
               "title": spec.title, "back_url": back_url or spec_back_url(spec, job.municipality), "back_label": back_label or spec.title}
    template = "core/imports/progress.html" if request.htmx else "core/imports/job.html"
    return render(request, template, context)


def spec_back_url(spec, municipality=None):
    if not spec.page_url:
        return ""
    return reverse(spec.page_url, args=[municipality.slug] if municipality else [])


@hq_view("core.hq_view")
def hq_job(request, pk):
    job = imports.job_for(pk=pk, user=request.user, municipality=None)
    url = reverse("imports:hq_job", args=[job.pk])
    return job_page(request, job, poll_url=url, apply_url=url)


@tenant_view("municipalities.view")
def tenant_job(request, pk):
    job = imports.job_for(pk=pk, user=request.user, municipality=request.municipality)
    if job.municipality_id != request.municipality.pk:  # pragma: no cover - job_for filters already
        raise Http404
    url = reverse("tenant_imports:job", args=[request.municipality.slug, job.pk])
    return job_page(request, job, poll_url=url, apply_url=url)
