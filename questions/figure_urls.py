"""Figures' addresses: the URLs Markdown uses to show them (included at /figures/)."""

from django.urls import path

from questions import figures_views

app_name = "figures"
urlpatterns = [
    path("<uuid:figure_id>.<slug:extension>", figures_views.figure_file, name="file"),
]
