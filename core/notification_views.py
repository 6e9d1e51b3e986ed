"""The in-app inbox: a user's own notifications (never anybody else's, whatever id is asked for)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import notifications
from core.models import Notification

PAGE_SIZE = 30


@login_required
def inbox(request):
    paginator = Paginator(notifications.inbox(request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "core/notifications/inbox.html", {"page": page})


def _mark(request, pk) -> Notification:
    try:
        return notifications.mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None


def _safe(request, url: str) -> str | None:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return None


@login_required
def open_notification(request, pk):
    """Follow a notification to what it is about, marking it read on the way."""
    notification = _mark(request, pk)
    return redirect(_safe(request, notification.url) or "notifications:inbox")


@login_required
@require_POST
def mark_read(request, pk):
    _mark(request, pk)
    return redirect(_safe(request, request.POST.get("next", "")) or "notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = notifications.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")
