from django.apps import AppConfig


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = "Hubs (home, SDGs, WSIS Action Lines, Global Digital Compact)"
