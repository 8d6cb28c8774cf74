from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "onestockport.plans"
    verbose_name = "Plan content"
