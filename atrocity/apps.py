from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class AtrocityConfig(AppConfig):
    """The project package as an app, so its templates, static files and commands are found."""

    name = "atrocity"
    verbose_name = "Knowledge base"

    def ready(self):
        from atrocity.lookups import register

        register()
        # Connected here, not in the middleware, so writes from the admin, the API, commands and the shell all
        # invalidate cached responses.
        from atrocity.response_cache import content_changed

        for name, signal in {"save": post_save, "delete": post_delete, "m2m": m2m_changed}.items():
            signal.connect(content_changed, dispatch_uid=f"response-cache-{name}")
