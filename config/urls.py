from django.contrib import admin
from django.urls import include, path

from onestockport.server.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # for load balancers: database and cache both answer
    path("admin/", admin.site.urls),
    path("delivery/", include("onestockport.delivery.urls")),
    path("", include("onestockport.delivery.public_urls")),
    path("", include("onestockport.casestudies.public_urls")),  # approved case studies and their images
    path("", include("onestockport.voice.urls")),  # resident voice: what we heard, you said we did
    path("api/", include("onestockport.api.urls")),  # read-only JSON API and its OpenAPI schema
    path("open-data/", include("onestockport.opendata.urls")),  # the data package and its download page
    path("", include("onestockport.publish.urls")),
]
