"""Helpers for tests that need the curated content loaded, or wiped again."""

from django.core.management import call_command

from actors.models import Actor
from cases.backup import content_models


def load_curated_content():
    call_command("load_case_studies", verbosity=0)


def wipe_content():
    """Delete every content row and its history (actors last; parents are cleared first: they are protected)."""
    Actor.objects.update(parent=None)
    for model in reversed(content_models()):
        model.objects.all().delete()
    for model in content_models():
        model.history.all().delete()
