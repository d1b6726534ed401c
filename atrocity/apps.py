from django.apps import AppConfig


class AtrocityConfig(AppConfig):
    """The project package as an app, so its templates, static files and commands are found."""

    name = "atrocity"
    verbose_name = "Knowledge base"
