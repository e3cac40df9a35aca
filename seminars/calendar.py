"""An iCalendar (RFC 5545) file for one seminar: a VCALENDAR with one VEVENT, times in UTC."""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from .choices import SeminarFormat

PRODUCT_ID = "-//Eyes and Ears//Seminars//EN"
LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded


def escape_text(value):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \\n."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    for char, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(char, escaped)
    return value


def fold(line):
    """Split a content line into lines of at most 75 octets, each continuation starting with a space,
    never inside a UTF-8 character."""
    parts = []
    current, size, limit = [], 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # the leading space counts
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def utc_stamp(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def site_host():
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def seminar_calendar(seminar, *, seminar_url, now=None):
    """The .ics file for the seminar, as text with CRLF line ends."""
    now = now or timezone.now()
    description = f"{seminar.description}\n\n{seminar_url}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:seminar-{seminar.pk}@{site_host()}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(seminar.starts_at)}",
        f"DTEND:{utc_stamp(seminar.ends_at)}",
        f"SUMMARY:{escape_text(seminar.title)}",
        f"DESCRIPTION:{escape_text(description)}",
    ]
    if seminar.is_online:
        lines += [f"LOCATION:{escape_text(SeminarFormat.ONLINE.label)}", f"URL:{seminar.link}"]
    else:
        lines += [f"LOCATION:{escape_text(seminar.place)}", f"URL:{seminar_url}"]
    lines += [f"LAST-MODIFIED:{utc_stamp(seminar.updated_at)}", "STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
