from django.urls import path

from accounts import views
from accounts.sections import all_sections

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    # Other apps' sections of the account page (registered in their AppConfig.ready, which
    # has run by the time the URLconf is first read).
    *(
        path(f"{section.key}/", views.section_save, {"key": section.key}, name=section.key)
        for section in all_sections()
    ),
]
