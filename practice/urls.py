from django.urls import path

from practice import account, views

app_name = "practice"
urlpatterns = [
    path("practice/questions/<slug:slug>/star/", views.star, name="star"),
    path("practice/questions/<slug:slug>/practise/", views.practise, name="practise"),
    path("practice/retention/preview/", account.retention_preview, name="retention_preview"),
]
