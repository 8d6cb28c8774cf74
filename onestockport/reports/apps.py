from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "onestockport.reports"
    verbose_name = "Annual report and poster"
