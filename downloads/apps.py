from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "downloads"
    verbose_name = "Downloads"

    def ready(self):
        from downloads import signals

        signals.connect()
