from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "onestockport.jobs"
    verbose_name = "Background jobs"
