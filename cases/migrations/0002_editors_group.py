"""Create the `editors` group (see cases/permissions.py for what editors may do)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from cases.permissions import ensure_editors_group


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    ensure_editors_group(apps)


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
