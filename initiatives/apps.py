from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Regional initiatives"

    def ready(self):
        from core.loading import portal_data_edited, portal_data_loaded

        portal_data_loaded.connect(rebuild_related, dispatch_uid="initiatives.related")
        # An editor's save may change what an initiative is close to.
        portal_data_edited.connect(rebuild_related, dispatch_uid="initiatives.related.edited")


def rebuild_related(sender, report=lambda line: None, **kwargs):
    from initiatives import related

    related.rebuild(report=report)
