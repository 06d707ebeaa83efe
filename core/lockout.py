"""Failed admin logins (django-axes), counted so that nobody can lock the editors out.

Five failures lock one user name at one client address (`AXES_LOCKOUT_PARAMETERS`), so
someone guessing from elsewhere does not lock the editor out of their own address. And
`PORTAL_ADMIN_ADDRESS_FAILURE_LIMIT` failures from one address, whatever the user names,
lock that address: spraying one password across many names is limited too.
Administrators lift a lockout with `manage.py axes_reset_username`, `axes_reset_ip` or
`axes_reset_ip_username`.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Answered as a lockout (429), like a locked user name, not as a wrong password.
        if request is not None and address_locked(request):
            request.axes_locked_out = True


def address_locked(request) -> bool:
    return address_failures(request) >= settings.PORTAL_ADMIN_ADDRESS_FAILURE_LIMIT


def address_failures(request) -> int:
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
