from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "onestockport.voice"
    verbose_name = "Resident voice"
