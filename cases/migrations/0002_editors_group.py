"""Create the `editors` group: curate all content, manage no users.

Editors may add, change and view every content model. They may delete only the link rows that inline
editing removes (an event's actors, instruments and citations; memberships; capabilities); whole entries are
unpublished rather than deleted, and only superusers delete them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "actors": ["actor", "membership"],
    "instruments": ["instrument", "capability"],
    "cases": [
        "casestudy", "phase", "source", "event", "eventactor", "instrumentuse", "figure",
        "factorassessment", "citation", "hypothesis", "hypothesisfinding",
    ],
}
DELETABLE_LINKS = {"membership", "capability", "eventactor", "instrumentuse", "citation", "phase", "hypothesisfinding"}


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="editors")
    codenames = []
    for models in CONTENT_MODELS.values():
        for model in models:
            actions = ["add", "change", "view"] + (["delete"] if model in DELETABLE_LINKS else [])
            codenames += [f"{action}_{model}" for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label__in=CONTENT_MODELS.keys(), codename__in=codenames
    )
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("actors", "0001_initial"),
        ("instruments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
