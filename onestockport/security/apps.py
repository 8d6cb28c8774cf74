from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "onestockport.security"
    label = "onestockport_security"
    verbose_name = "Security"
