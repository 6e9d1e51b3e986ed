"""The life of an uploaded spreadsheet: upload → check (preview) → apply, as an `ImportJob`.

A page calls `job_create(...)` with the upload, then `job_check(job)`; `job_apply(job, by=...)`
writes it. Both run in the request for a small file and as the Celery task `core.import_job_run`
for a file over `settings.IMPORT_BACKGROUND_ROWS` rows (applying such a file never runs in a
request). The task reports progress (rows done of rows) in the cache, which the shared progress
fragment (core/imports/progress.html, polled with htmx) reads; the job row carries the outcome.
The spec (core.spreadsheets.ImportSpec) does the work; this module only runs it."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import spreadsheets, tenancy
from core.models import ImportJob, ImportJobStatus

SYNC, QUEUED = "sync", "queued"


def background_threshold() -> int:
    return int(getattr(settings, "IMPORT_BACKGROUND_ROWS", 2000))


def is_large(job: ImportJob) -> bool:
    return job.total_rows > background_threshold()


def _check_scope(municipality):
    current = tenancy.current_scope()
    if current is None:
        raise tenancy.TenantScopeError("An import job was created outside any scope.")
    if municipality is None and not current.is_all:
        raise PermissionDenied("A platform-wide import needs the all-municipalities scope.")
    if municipality is not None and not current.is_all and municipality.pk not in current.ids:
        raise PermissionDenied("An import job for a municipality outside the active scope.")


def job_create(*, kind: str, upload, by, municipality=None, options: dict | None = None) -> ImportJob:
    """Store the upload (default storage) and count its rows. Raises UnreadableFile for a file that
    is neither CSV nor XLSX."""
    _check_scope(municipality)
    spreadsheets.get_spec(kind)  # an unknown kind fails here, not in the worker
    limit = int(getattr(settings, "IMPORT_MAX_BYTES", 20 * 1024 * 1024))
    if upload.size is not None and upload.size > limit:
        raise spreadsheets.UnreadableFile(_("The file is larger than %(n)s MB.") % {"n": limit // (1024 * 1024)})
    data = upload.read()
    table = spreadsheets.read_table(data, upload.name)
    job = ImportJob(kind=kind, created_by=by, municipality=municipality, options=options or {},
                    original_name=upload.name[:255], total_rows=len(table.rows))
    job.file.save(upload.name.rsplit("/", 1)[-1][-100:], ContentFile(data), save=False)
    job.save()
    return job


def _table(job: ImportJob) -> spreadsheets.Table:
    with job.file.open("rb") as handle:
        return spreadsheets.read_table(handle.read(), job.original_name)


def context_of(job: ImportJob) -> dict:
    return {**job.options, "municipality": job.municipality, "job": job}


def _progress_key(pk) -> str:
    return f"core:import-job:{pk}:progress"


def progress_of(job: ImportJob) -> dict:
    """{"phase", "done", "total", "percent"}: the cache during a run (a transaction hides the row's
    own updates from other connections), the row otherwise."""
    live = cache.get(_progress_key(job.pk)) if job.is_running else None
    done, total = (live["done"], live["total"]) if live else (job.processed_rows, job.total_rows)
    percent = int(done * 100 / total) if total else (0 if job.is_running else 100)
    return {"phase": job.status, "done": done, "total": total, "percent": min(percent, 100)}


def _reporter(job: ImportJob):
    def report(done, total):
        cache.set(_progress_key(job.pk), {"done": done, "total": total}, 3600)
        if not transaction.get_connection().in_atomic_block:
            with _scope_for(job):
                ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)
    return report


def _set(job: ImportJob, **fields):
    for key, value in fields.items():
        setattr(job, key, value)
    with _scope_for(job):  # the job's own municipality (or all, for a platform-wide job)
        ImportJob.objects.filter(pk=job.pk).update(**fields, updated_at=timezone.now())


def _store_preview(job: ImportJob, preview: spreadsheets.Preview, status: str, **extra):
    counts = preview.counts()
    _set(job, status=status, errors=[e.as_dict() for e in preview.errors[:1000]],
         summary={**job.summary, "preview": preview.as_dict(), **extra}, processed_rows=job.total_rows,
         created_count=counts["created"], changed_count=counts["changed"], unchanged_count=counts["unchanged"],
         finished_at=timezone.now())


def _scope_for(job: ImportJob):
    return tenancy.scope(job.municipality_id) if job.municipality_id else tenancy.scope_all()


def check(job: ImportJob) -> spreadsheets.Preview:
    """Validate the file and store the preview on the job (runs in the request or in the task)."""
    spec = spreadsheets.get_spec(job.kind)
    _set(job, status=ImportJobStatus.VALIDATING, started_at=timezone.now(), processed_rows=0)
    with _scope_for(job):
        preview = spreadsheets.validate(spec, _table(job), context_of(job), progress=_reporter(job))
    _store_preview(job, preview, ImportJobStatus.INVALID if preview.errors else ImportJobStatus.PREVIEWED)
    return preview


def apply(job: ImportJob, *, by) -> spreadsheets.Preview:
    """Validate again (the data may have moved since the preview) and apply, all rows or none."""
    spec = spreadsheets.get_spec(job.kind)
    if job.status == ImportJobStatus.DONE:
        raise PermissionDenied("This file was applied already.")
    _set(job, status=ImportJobStatus.APPLYING, started_at=timezone.now(), processed_rows=0)
    context = context_of(job)
    try:
        with _scope_for(job):
            preview = spreadsheets.apply(spec, _table(job), context, by=by, progress=_reporter(job))
    except Exception as exc:
        _set(job, status=ImportJobStatus.FAILED, message=str(exc)[:500], finished_at=timezone.now())
        raise
    if preview.errors:
        _store_preview(job, preview, ImportJobStatus.INVALID)
    else:
        result = {k: v for k, v in context.items() if k.startswith("result_")}
        _store_preview(job, preview, ImportJobStatus.DONE, result=_jsonable(result))
        _set(job, applied_at=timezone.now())
    return preview


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def run(job: ImportJob, action: str, *, by, background: bool | None = None) -> str:
    """Check or apply: in the request for a small file, as a Celery task for a large one (always for
    applying a large file). Returns SYNC or QUEUED."""
    if background is None:
        background = is_large(job)
    if not background:
        (check(job) if action == "check" else apply(job, by=by))
        return SYNC
    from core.tasks import import_job_run

    _set(job, status=ImportJobStatus.VALIDATING if action == "check" else ImportJobStatus.APPLYING,
         processed_rows=0, started_at=timezone.now())
    cache.set(_progress_key(job.pk), {"done": 0, "total": job.total_rows}, 3600)
    import_job_run.delay_on_commit(job_id=job.pk, action=action, user_id=by.pk)
    return QUEUED


def job_for(*, pk, user, municipality=None) -> ImportJob:
    """The job a page may show: in the active scope, of this municipality (or platform-wide), and
    for a user who may run its kind."""
    from django.http import Http404

    try:
        job = ImportJob.objects.get(pk=pk, municipality=municipality)
    except (ImportJob.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
    spec = spreadsheets.get_spec(job.kind)
    if spec.permission and not (user.has_perm(spec.permission, municipality) if municipality
                                else user.has_perm(spec.permission)):
        raise Http404
    return job


def result_message(job: ImportJob) -> str:
    return _("%(created)s created, %(changed)s changed, %(unchanged)s unchanged.") % {
        "created": job.created_count, "changed": job.changed_count, "unchanged": job.unchanged_count}


# --- The page flow every import uses: upload -> check (preview) -> apply -------------------------------
@dataclass
class UploadStep:
    """What `upload_flow` decided: a `response` to return as it is (a redirect after apply, or to the
    job page of a large file), or the `job` and `preview` to render on the page with the form."""

    response: object = None
    job: ImportJob | None = None
    preview: spreadsheets.Preview | None = None


def upload_flow(request, *, form, kind, session_key, page_url, job_url, municipality=None, options=None,
                find_job=None, success_message=None, done_url=None) -> UploadStep:
    """The one upload page flow (docs/architecture.md, "Spreadsheet import and export"). A POST with
    `apply` applies the previewed job kept in the session (in the background when the file is large);
    a POST with a valid `form` (its `file` field) stores the file as a job and checks it: a large file
    goes to its job page (`job_url(job)`) with progress, a small one is previewed here, its errors by
    row and column put on the form. Nothing is saved unless every row is valid."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import ngettext

    if request.method == "POST" and "apply" in request.POST:
        if find_job is not None:
            job = find_job(request)
        else:
            pk = request.session.get(session_key)
            job = job_for(pk=pk, user=request.user, municipality=municipality) if pk else None
        if job is None or job.status != ImportJobStatus.PREVIEWED:
            messages.error(request, _("Upload the file again: the preview has expired."))
            return UploadStep(response=redirect(page_url))
        request.session.pop(session_key, None)
        if run(job, "apply", by=request.user) == QUEUED:
            return UploadStep(response=redirect(job_url(job)))
        job.refresh_from_db()
        if job.status != ImportJobStatus.DONE:
            messages.error(request, _("The file has errors; nothing was saved."))
            return UploadStep(response=redirect(page_url))
        messages.success(request, (success_message or result_message)(job))
        return UploadStep(response=redirect(done_url or page_url))
    if request.method == "POST" and form.is_valid():
        try:
            job = job_create(kind=kind, upload=form.cleaned_data["file"], by=request.user,
                             municipality=municipality, options=options(form) if options else None)
        except spreadsheets.UnreadableFile as exc:
            form.add_error("file", str(exc))
            return UploadStep()
        if is_large(job):
            run(job, "check", by=request.user)
            return UploadStep(response=redirect(job_url(job)))
        preview = check(job)
        if job.status == ImportJobStatus.INVALID:
            n = len(job.errors)
            form.add_error("file", ngettext("%(n)s error in the file; nothing was saved.",
                                            "%(n)s errors in the file; nothing was saved.", n) % {"n": n})
        else:
            request.session[session_key] = job.pk
        return UploadStep(job=job, preview=preview)
    return UploadStep()
