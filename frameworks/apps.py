from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "frameworks"
    verbose_name = "Frameworks (SDGs, WSIS Action Lines, Global Digital Compact)"
