from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "onestockport.api"
    verbose_name = "Public JSON API"
