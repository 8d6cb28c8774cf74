import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django_application = get_wsgi_application()

from onestockport.server.page_cache import StoredPageApplication  # noqa: E402 (needs the settings above)

application = StoredPageApplication(django_application)
