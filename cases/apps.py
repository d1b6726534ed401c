from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Case studies"

    def ready(self):
        from cases import signals
        from cases.permissions import on_post_migrate

        signals.connect()
        # Runs after django.contrib.auth's own post_migrate handler has created the permissions.
        post_migrate.connect(on_post_migrate, dispatch_uid="cases-editors-group")
