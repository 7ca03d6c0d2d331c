"""
The "Editors" group: staff who correct attributions.

Editors change statements and speakers (merging duplicates included) and see the rest of the
archive in the admin; they cannot change users, groups or the ingested records' other tables.
The group is kept in every database by a ``post_migrate`` handler (see ``apps.py``), which runs
after ``migrate`` and after the test database is created or flushed.
"""

from django.apps import apps as global_apps
from django.db.models import Q

EDITORS = "Editors"

# Besides viewing everything in the app.
EDITOR_PERMISSIONS = [
    "change_statement",
    "change_correctionreview",
    "change_speaker",
    "merge_speaker",
    "add_speakeralias",
    "change_speakeralias",
    "delete_speakeralias",
]


def ensure_editors_group(using: str = "default", apps=global_apps) -> None:
    """Create the Editors group and give it its permissions.

    Permissions are only added, never removed, so that what an administrator grants the group
    by hand survives the next ``migrate``.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    permissions = Permission.objects.using(using).filter(
        Q(codename__in=EDITOR_PERMISSIONS) | Q(codename__startswith="view_"),
        content_type__app_label="debates",
    )
    group.permissions.add(*permissions)


def create_editors_group(sender, using="default", apps=global_apps, **kwargs) -> None:
    """``post_migrate`` receiver for the debates app."""
    try:
        apps.get_model("auth", "Group")
    except LookupError:  # migrated backwards past auth: nothing to do
        return
    ensure_editors_group(using=using, apps=apps)
