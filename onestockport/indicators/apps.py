from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "onestockport.indicators"
    verbose_name = "Indicators and official statistics"
