"""The `editors` group: curate all content, manage no users.

Editors may add, change and view every content model. They may delete only the link rows that inline editing
removes (an event's actors, instruments and citations; memberships; capabilities; phases; findings); whole entries
are unpublished rather than deleted, and only superusers delete them.
"""

EDITORS = "editors"
CONTENT_MODELS = {
    "actors": ["actor", "membership"],
    "instruments": ["instrument", "capability"],
    "cases": [
        "casestudy", "phase", "source", "event", "eventactor", "instrumentuse", "figure",
        "factorassessment", "citation", "hypothesis", "hypothesisfinding",
    ],
}  # fmt: skip
DELETABLE_LINKS = {"membership", "capability", "eventactor", "instrumentuse", "citation", "phase", "hypothesisfinding"}


def editor_codenames() -> list[str]:
    codenames = []
    for models in CONTENT_MODELS.values():
        for model in models:
            actions = ["add", "change", "view"] + (["delete"] if model in DELETABLE_LINKS else [])
            codenames += [f"{action}_{model}" for action in actions]
    return codenames


def ensure_editors_group(apps) -> None:
    """Create the group if missing and give it exactly the editors' permissions (idempotent)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    permissions = Permission.objects.filter(content_type__app_label__in=CONTENT_MODELS, codename__in=editor_codenames())
    group.permissions.set(permissions)


def on_post_migrate(sender, app_config=None, apps=None, **kwargs):
    """After migrate, or a database flush, the editors group exists (permissions exist by then)."""
    if app_config is not None and app_config.label == "cases":
        # `flush` sends post_migrate without `apps`: the project's own registry is the right one then.
        from django.apps import apps as installed_apps

        ensure_editors_group(apps or installed_apps)
