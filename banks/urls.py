from django.urls import path

from banks import history_csv, views, views_papers
from banks.anki import urls as anki_urls

app_name = "banks"
urlpatterns = [
    *anki_urls.urlpatterns,
    path("basket/", views.basket, name="basket"),
    path("basket/add/", views.add, name="add"),
    path("basket/remove/", views.remove, name="remove"),
    path("basket/items/remove/", views.item_remove, name="item_remove"),
    path("basket/items/move/", views.item_move, name="item_move"),
    path("basket/clear/", views.clear, name="clear"),
    path("basket/save/", views.save, name="save"),
    path("basket/<int:pk>/open/", views.saved_open, name="open"),
    path("basket/<int:pk>/rename/", views.saved_rename, name="rename"),
    path("basket/<int:pk>/delete/", views.saved_delete, name="delete"),
    path("basket/<int:pk>/start/", views_papers.start, name="start"),
    path("basket/<int:pk>/paper/", views_papers.paper, name="paper"),
    path("basket/<int:pk>/paper.md", views_papers.markdown, name="markdown"),
    path("basket/<int:pk>/paper.apkg", views_papers.anki, name="anki"),
    path("history/answers.csv", history_csv.history_csv, name="history_csv"),
]
