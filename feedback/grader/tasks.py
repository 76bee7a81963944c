"""The grader's background job (django-tasks: inline in development, db_worker in production)."""

from django_tasks import task

from feedback.grader.services import grading_run


@task()
def grade_answer(grading_id: int) -> None:
    """Grade one answer; a failure is recorded on the grading, never raised."""
    grading_run(grading_id=grading_id)
