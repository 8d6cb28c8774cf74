from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class DeliveryConfig(AppConfig):
    name = "onestockport.delivery"
    verbose_name = "Delivery tracking"

    def ready(self) -> None:
        post_migrate.connect(_create_role_groups, dispatch_uid="onestockport.delivery.role_groups")


def _create_role_groups(sender, **kwargs) -> None:
    # After the last app has migrated, so every app's permissions exist to be given to the groups.
    if sender is list(apps.get_app_configs())[-1]:
        from .permissions import ensure_groups

        ensure_groups()
