from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import access, audit, tenancy
from core.access import tenant_view
from core.roles import PlatformRole, Role
from core.stages import Stage


@never_cache
def healthz(request):
    """Liveness and dependencies: the database and the task broker."""
    result = {"database": "ok", "broker": "ok"}
    code = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001
        result["database"] = f"error: {exc.__class__.__name__}"
        code = 503
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        result["broker"] = "eager (embedded, no broker)"
    else:
        try:
            from config.celery import app

            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
        except Exception as exc:  # noqa: BLE001
            result["broker"] = f"error: {exc.__class__.__name__}"
            code = 503
    result["status"] = "ok" if code == 200 else "degraded"
    return JsonResponse(result, status=code)


def _denied_municipality(request):
    municipality = getattr(request, "municipality", None)
    match = getattr(request, "resolver_match", None)
    if municipality is None and match is not None and "slug" in match.kwargs:
        from municipalities.models import Municipality

        municipality = Municipality.objects.filter(slug=match.kwargs["slug"]).first()
    if municipality is not None and not access.can_see(request.user, municipality):
        return None  # never name anyone to someone who may not see the municipality
    return municipality


def denied_advice(user, municipality) -> str:
    """What the 403 page tells this user: who can grant what their role does not include."""
    if access.is_hq_admin_user(user):
        return _("This action is not available here, even to HQ admins.")
    if access.is_hq(user):
        return _("Your role (%(role)s) does not include this action. An HQ admin can grant it.") % {
            "role": PlatformRole.HQ_STAFF.label}
    role = access.role_in(user, municipality) if municipality is not None else None
    if role is None:
        return _("Your role does not allow this action. If you think it should, ask your local director or "
                 "foundation HQ.")
    label = Role(role).label
    if role == Role.LOCAL_DIRECTOR:
        return _("Your role (%(role)s) does not include this action. Foundation HQ admins can grant it.") % {
            "role": label}
    from municipalities.selectors import local_director_name

    with tenancy.scope(municipality):
        name = local_director_name(municipality=municipality)
    if name:
        return _("Your role in this municipality (%(role)s) does not include this action. If you need it, "
                 "ask the local director, %(name)s.") % {"role": label, "name": name}
    return _("Your role in this municipality (%(role)s) does not include this action. If you need it, ask the "
             "local director.") % {"role": label}


def permission_denied(request, exception=None):
    """The 403 page, speaking to the user's role (handler403)."""
    user = request.user
    municipality = _denied_municipality(request) if user.is_authenticated else None
    if municipality is not None:
        request.municipality = municipality  # the shell shows the municipality's navigation
    advice = denied_advice(user, municipality) if user.is_authenticated else ""
    return render(request, "403.html", {"advice": advice}, status=403)


def stage_placeholder(stage: Stage):
    """The page of a roadmap stage whose screens are not built yet: it says so plainly."""

    @tenant_view("municipalities.view")
    def view(request):
        return render(request, "core/stage_not_built.html", {"stage": stage, "stage_number": int(stage)})

    view.__name__ = f"stage_{int(stage)}_not_built"
    return view


AUDIT_PAGE_SIZE = 50


@tenant_view("municipalities.view_audit")
def audit_log(request):
    try:
        page = min(max(1, int(request.GET.get("page", 1))), 1000)
    except ValueError:
        page = 1
    model_label = request.GET.get("type", "")
    kinds = sorted(((m._meta.label, str(m._meta.verbose_name).capitalize()) for m in audit.tenant_models()),
                   key=lambda kind: kind[1])
    if model_label not in {label for label, _ in kinds}:
        model_label = ""
    rows = audit.municipality_log(municipality=request.municipality, limit=page * AUDIT_PAGE_SIZE + 1,
                                  model_label=model_label)
    has_next = len(rows) > page * AUDIT_PAGE_SIZE
    rows = rows[(page - 1) * AUDIT_PAGE_SIZE: page * AUDIT_PAGE_SIZE]
    return render(request, "core/audit_log.html", {
        "rows": rows, "page": page, "has_next": has_next, "kinds": kinds, "model_label": model_label})


@tenant_view("municipalities.view_audit")
def object_history(request, model_label, pk):
    model = audit.model_by_label(model_label)
    if model is None:
        raise Http404
    obj = model.objects.filter(pk=pk).first()
    records = audit.object_history(model, pk)  # scoped to request.municipality by tenant_view
    if obj is None and not records.exists():
        raise Http404
    entries = [{"record": r, "changes": audit.changes_of(r)} for r in records[:200]]
    can_restore = (audit.is_restorable(model)
                   and request.user.has_perm("municipalities.manage", request.municipality))
    return render(request, "core/object_history.html", {
        "obj": obj, "model_label": model_label, "verbose_name": model._meta.verbose_name,
        "entries": entries, "can_restore": can_restore, "object_id": pk,
    })


@require_POST
@tenant_view("municipalities.manage")
def object_restore(request, model_label, pk, history_id):
    model = audit.model_by_label(model_label)
    if model is None or not audit.is_restorable(model):  # acts of a role: no restore is offered
        raise Http404
    record = audit.object_history(model, pk).filter(history_id=history_id).first()
    if record is None or record.history_type == "-":
        raise Http404
    try:
        audit.restore_version(record=record, by=request.user)
    except ValidationError as exc:  # the app's rules refused it (or it is an act of a role)
        messages.error(request, _("This version cannot be restored: %(reason)s") % {
            "reason": " ".join(exc.messages)})
    else:
        messages.success(request, _("The earlier version was restored."))
    return redirect("audit:object_history", slug=request.municipality.slug, model_label=model_label, pk=pk)
