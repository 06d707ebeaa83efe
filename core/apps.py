from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal plumbing"

    def ready(self):
        from core import conditional

        conditional.connect()
