"""The portal's admin site: Django's own, with a second factor (TOTP codes, django-otp).

An editor with a confirmed device signs in with the code of their authenticator app as
well as their password; one without signs in with the password alone, unless a superuser
while `PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED` is on. `core.apps.PortalAdminConfig` makes this
the default site, so every app's `admin.site.register` lands here.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp import devices_for_user, user_has_device


def second_factor_required(user) -> bool:
    """Whether the user may use the admin only after giving a code at login."""
    superuser_required = user.is_superuser and settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED
    return superuser_required or user_has_device(user)


class SecondFactorAuthenticationForm(AdminAuthenticationForm):
    """The admin login, asking for the current code of an editor's authenticator app."""

    otp_token = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=8,
        help_text="Only if you have set up a second factor.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "otp_missing": (
            "This account has a second factor: enter the code your authenticator app "
            "shows now, with your password."
        ),
        "otp_invalid": "That authenticator code is not right, or was already used.",
        "otp_throttled": (
            "Too many wrong authenticator codes: wait for the next code, then try again."
        ),
        "otp_not_set_up": (
            "A superuser needs a second factor to use the admin, and this account has none "
            "yet. An administrator sets one up on the server with "
            "“python manage.py add_totp_device %(username)s”, then you add it to your "
            "authenticator app."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        try:
            self.check_second_factor(user)
        except ValidationError:
            # The password was right, but the login is refused: django-axes counts it, as
            # it counts a wrong password, under the user name that was typed.
            user_login_failed.send(
                sender=type(self),
                credentials={"username": self.cleaned_data.get("username")},
                request=self.request,
            )
            raise

    def check_second_factor(self, user):
        if not user_has_device(user):
            if user.is_superuser and settings.PORTAL_ADMIN_SUPERUSER_OTP_REQUIRED:
                raise ValidationError(
                    self.error_messages["otp_not_set_up"],
                    code="otp_not_set_up",
                    params={"username": user.get_username()},
                )
            return
        token = self.cleaned_data.get("otp_token")
        if not token:
            raise ValidationError(self.error_messages["otp_missing"], code="otp_missing")
        # Devices are locked for the check, so that one code cannot be used twice at once.
        # The errors are raised after the transaction: a wrong code's throttling must stay.
        error = "otp_throttled"
        with transaction.atomic():
            for device in devices_for_user(user, for_verify=True):
                if not device.verify_is_allowed()[0]:
                    continue
                if device.verify_token(token):
                    # django-otp's login signal marks the session as verified by it.
                    user.otp_device = device
                    return
                error = "otp_invalid"
        raise ValidationError(self.error_messages[error], code=error)


class PortalAdminSite(admin.AdminSite):
    login_form = SecondFactorAuthenticationForm
    login_template = "admin/login_second_factor.html"

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        # OTPMiddleware sets `otp_device` on a user whose session was verified by a code.
        if getattr(request.user, "otp_device", None) is not None:
            return True
        return not second_factor_required(request.user)
