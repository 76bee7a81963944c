from django.urls import path

from practice import views

app_name = "practice"
urlpatterns = [
    path("practice/questions/<slug:slug>/star/", views.star, name="star"),
    path("practice/questions/<slug:slug>/practise/", views.practise, name="practise"),
]
