from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Regional initiatives"

    def ready(self):
        from core.loading import portal_data_loaded

        portal_data_loaded.connect(rebuild_related, dispatch_uid="initiatives.related")


def rebuild_related(sender, report=lambda line: None, **kwargs):
    from initiatives import related

    related.rebuild(report=report)
