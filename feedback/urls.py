from django.urls import path

from feedback import views

app_name = "feedback"
urlpatterns = [
    path("answers/<int:answer_id>/grading/", views.grading_fragment, name="grading"),
]
