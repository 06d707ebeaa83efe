from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal plumbing"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import checks, conditional, history  # noqa: F401 (checks register themselves)
        from core.editors import ensure_editors_group

        conditional.connect()
        history.connect()
        post_migrate.connect(ensure_editors_group, dispatch_uid="core.editors_group")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the portal's site (a second factor) as `admin.site`."""

    # Not the config of `core` itself: INSTALLED_APPS names it in place of the admin.
    default = False
    default_site = "core.admin_site.PortalAdminSite"
