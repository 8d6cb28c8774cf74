from django.apps import AppConfig


class ServerConfig(AppConfig):
    name = "onestockport.server"
    label = "onestockport_server"
    verbose_name = "Server"

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from .content_version import install_watcher

        connection_created.connect(install_watcher, dispatch_uid="onestockport.server.content_version")
        for connection in connections.all(initialized_only=True):  # opened before this app was ready
            install_watcher(None, connection)
