"""Give an admin user a second factor (a TOTP device for an authenticator app), or remove it."""

from io import StringIO

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Create a confirmed TOTP device for an admin user and print the otpauth:// address "
        "(and its QR code) to add to an authenticator app; from then on the admin asks that "
        "user for a code at login. --remove takes the user's devices away."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Remove the user's TOTP devices: they sign in with their password alone "
            "again (a superuser cannot, where a second factor is required).",
        )

    def handle(self, *args, username, remove, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(f"There is no user named {username!r}.") from None
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=None)
        if remove:
            removed, _ = devices.delete()
            self.stdout.write(f"Removed {removed} TOTP device(s) of {username}.")
            return
        if devices.exists():
            raise CommandError(
                f"{username} already has a TOTP device. Remove it first with "
                f"`add_totp_device {username} --remove`, then add a new one."
            )
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        self.stdout.write(
            f"Added a TOTP device for {username}. Scan the QR code with the authenticator "
            "app, or enter this address in it; keep both secret, as anyone with them can "
            "make codes:"
        )
        self.stdout.write(device.config_url)
        self.stdout.write(terminal_qr_code(device.config_url))
        self.stdout.write(self.style.SUCCESS(f"{username} now signs in with a code as well."))


def terminal_qr_code(data: str) -> str:
    code = qrcode.QRCode()
    code.add_data(data)
    text = StringIO()
    code.print_ascii(out=text, invert=True)
    return text.getvalue()
