from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "debates"
    verbose_name = "Security Council debates"
    default_auto_field = "django.db.models.BigAutoField"
