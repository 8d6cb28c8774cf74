from django.urls import path

from . import views

app_name = "publish"

urlpatterns = [
    path("", views.home, name="home"),
    path("themes/<slug:slug>/", views.theme, name="theme"),
    path("priorities/<slug:slug>/", views.priority, name="priority"),
    path("priorities/<slug:slug>/actions/<int:number>/", views.action, name="action"),
    path("actions/", views.actions, name="actions"),
    path("measures/", views.indicators, name="indicators"),
    path("indicators/<slug:slug>/", views.indicator, name="indicator"),
    path("indicators/<slug:slug>.csv", views.indicator_csv, name="indicator-csv"),
    path("values/", views.values, name="values"),
    path("partners/", views.partners, name="partners"),
    path("about/", views.about, name="about"),
    path("methods/", views.methods, name="methods"),
    path("places/", views.places, name="places"),
    path("places/search/", views.place_search, name="place-search"),
    path("places/search.json", views.place_search_names, name="place-search-names"),
    path("places/postcodes/<str:district>.json", views.place_search_district, name="place-search-district"),
    path("areas/<path:rest>", views.areas, name="areas"),
    path("places/figures/<slug:slug>/", views.census_figure, name="census-figure"),
    path("places/<slug:slug>/", views.place, name="place"),
]
