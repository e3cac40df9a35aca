from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("what-i-saw/", views.what_i_saw, name="what_i_saw"),
    path("parents/leaflet.pdf", views.parents_leaflet, name="parents_leaflet"),
]
