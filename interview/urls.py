from django.urls import path

from interview import history_views, views

app_name = "interview"
urlpatterns = [
    path("interviews/", views.start, name="start"),
    path("interviews/<int:pk>/", views.play, name="play"),
    path("interviews/<int:pk>/q/<int:position>/", views.question, name="question"),
    path("interviews/<int:pk>/q/<int:position>/autosave/", views.autosave, name="autosave"),
    path("interviews/<int:pk>/q/<int:position>/submit/", views.submit, name="submit"),
    path("interviews/<int:pk>/q/<int:position>/rate/", views.rate, name="rate"),
    path("interviews/<int:pk>/end/", views.end, name="end"),
    path("interviews/<int:pk>/review/", views.review, name="review"),
    path("interviews/<int:pk>/retry/", views.retry, name="retry"),
    path("history/", history_views.history, name="history"),
    path("history/progress/", history_views.progress, name="progress"),
    path("history/questions/<slug:slug>/", history_views.question_attempts, name="attempts"),
]
