from django.urls import path

from voice import views

app_name = "voice"
answer = "answers/<int:interview_id>/<int:position>/"
urlpatterns = [
    path(f"{answer}chunks/", views.chunk, name="chunk"),
    path(f"{answer}finish/", views.finish, name="finish"),
    path(f"{answer}state/", views.state, name="state"),
    path("recordings/<uuid:recording_id>/parts/<int:number>/audio/", views.audio, name="audio"),
    path("recordings/<uuid:recording_id>/delete/", views.delete, name="delete"),
]
