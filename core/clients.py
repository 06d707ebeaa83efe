"""Who is asking: the client's address, the same for the throttle, the admin lockout and
the logs.

Behind `PORTAL_TRUSTED_PROXIES` proxies (load balancers, a CDN), each appends to
`X-Forwarded-For` the address its request came from, so the client is the entry that
many places from the right; anything further left was written by the client itself and
proves nothing. With no trusted proxy (the default) the header is ignored: only the
connecting address counts.
"""

from ipaddress import ip_address

from django.conf import settings


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.PORTAL_TRUSTED_PROXIES
    if proxies <= 0:
        return peer
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if not forwarded:
        return peer
    # A shorter chain than the proxies configured came through fewer of them (a health
    # check from inside); its first entry was still written by one of them.
    candidate = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    return candidate if _is_address(candidate) else peer


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


class ClientAddressFilter:
    """For the logging configuration: `%(client)s` in a log line of a request."""

    def filter(self, record) -> bool:
        request = getattr(record, "request", None)
        record.client = client_address(request) if request is not None else "-"
        return True
