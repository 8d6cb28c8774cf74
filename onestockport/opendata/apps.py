from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "onestockport.opendata"
    verbose_name = "Open data"
