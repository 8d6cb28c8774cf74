from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    name = "onestockport.casestudies"
    verbose_name = "Case studies"
