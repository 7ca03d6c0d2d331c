from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_delete


def repair_search_index(sender, using, **kwargs):
    """SQLite rebuilds a table when a migration alters it, dropping its triggers (FTS5, the search
    index's outbox): put them back."""
    from django.db import connections

    from .search import ensure_sqlite_index
    from .searchindex import ensure_sqlite_triggers

    ensure_sqlite_index(connections[using])
    ensure_sqlite_triggers(connections[using])


class DebatesConfig(AppConfig):
    name = "debates"
    verbose_name = "Security Council debates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .models import Statement, keep_a_tombstone
        from .permissions import create_editors_group

        pre_delete.connect(keep_a_tombstone, sender=Statement, dispatch_uid="debates_statement_tombstone")
        # After auth's own post_migrate handler has created this app's permissions.
        post_migrate.connect(create_editors_group, sender=self, dispatch_uid="debates_editors_group")
        post_migrate.connect(repair_search_index, sender=self, dispatch_uid="debates_search_index")

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .caching import note_change

        # Every committed change of the archive makes cached pages and ETags stale.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(note_change, dispatch_uid=f"debates_archive_change_{id(signal)}")
