from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "onestockport.places"
    verbose_name = "Places"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
