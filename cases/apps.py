from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Case studies"

    def ready(self):
        from cases import signals

        signals.connect()
