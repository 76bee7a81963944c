from django.urls import path

from interview import history_views
from interview.views import answering, reviewing, starting

app_name = "interview"
urlpatterns = [
    path("interviews/", starting.start, name="start"),
    path("interviews/practise/", starting.practise, name="practise"),
    path("interviews/<int:pk>/", answering.play, name="play"),
    path("interviews/<int:pk>/q/<int:position>/", answering.question, name="question"),
    path("interviews/<int:pk>/q/<int:position>/autosave/", answering.autosave, name="autosave"),
    path("interviews/<int:pk>/q/<int:position>/submit/", answering.submit, name="submit"),
    path("interviews/<int:pk>/q/<int:position>/rate/", reviewing.rate, name="rate"),
    path("interviews/<int:pk>/end/", answering.end, name="end"),
    path("interviews/<int:pk>/review/", reviewing.review, name="review"),
    path("interviews/<int:pk>/retry/", starting.retry, name="retry"),
    path("history/", history_views.history, name="history"),
    path("history/progress/", history_views.progress, name="progress"),
    path("history/questions/<slug:slug>/", history_views.question_attempts, name="attempts"),
]
