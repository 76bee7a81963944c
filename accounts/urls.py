from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("retention/", views.retention, name="retention"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
]
