from django.apps import AppConfig


class PublishConfig(AppConfig):
    name = "onestockport.publish"
    verbose_name = "Public site"
