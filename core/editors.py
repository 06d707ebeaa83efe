"""The "Editors" group: exactly the permissions curation needs (settings.
PORTAL_EDITOR_PERMISSIONS), made and kept so after every migrate. An administrator makes
someone an editor by giving them staff status and this group in the admin."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"


def editor_permissions() -> list[Permission]:
    wanted = {
        (label.split(".")[0], f"{action}_{label.split('.')[1]}")
        for label, actions in settings.PORTAL_EDITOR_PERMISSIONS.items()
        for action in actions
    }
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={codename for _, codename in wanted},
    ).select_related("content_type")
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def ensure_editors_group(**kwargs) -> None:
    # Permissions are made app by app after migrate: this runs after each, and the last
    # run sees them all.
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(editor_permissions())
