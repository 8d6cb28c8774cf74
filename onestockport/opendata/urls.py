from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.descriptor, name="descriptor"),
    path("<slug:table>.<slug:extension>", views.download, name="file"),
]
