"""iCalendar (RFC 5545) export of meetings, written by hand: CRLF line ends, TEXT escaping, lines
folded at 75 octets, times in UTC, a UID that stays the same for a meeting across exports (so a
calendar updates the event instead of adding a copy) and SEQUENCE for its revisions."""
import datetime as dt

from django.utils import timezone

PRODID = "-//Yishuv//Governance bodies//HE"
UID_DOMAIN = "yishuv.steering"


def escape_text(value: str) -> str:
    value = (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line to at most 75 octets per line (continuations start with a space), never
    splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        limit = 75 if not out else 74
        if size + n > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return "\r\n ".join(out)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def meeting_uid(meeting) -> str:
    return f"meeting-{meeting.municipality_id}-{meeting.pk}@{UID_DOMAIN}"


def meeting_ics(meeting, *, url: str = "") -> str:
    from steering.models import MeetingStatus

    status = "CANCELLED" if meeting.status == MeetingStatus.CANCELLED or meeting.deleted_at else "CONFIRMED"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",  # a published event; a cancelled meeting keeps its UID with STATUS:CANCELLED
        "BEGIN:VEVENT",
        f"UID:{meeting_uid(meeting)}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SEQUENCE:{meeting.sequence}",
        f"STATUS:{status}",
        f"SUMMARY:{escape_text(meeting.display_title)}",
    ]
    if meeting.location:
        lines.append(f"LOCATION:{escape_text(meeting.location)}")
    description = meeting.agenda or ""
    if url:
        description = f"{description}\n\n{url}".strip()
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
