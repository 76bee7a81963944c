"""How feedback listens to the interview app (connected in FeedbackConfig.ready)."""

from django.dispatch import receiver

from feedback.checking import coverage_check, coverage_remark
from feedback.grader.services import grading_request
from interview import signals


@receiver(signals.answer_done, dispatch_uid="feedback.answer_done")
def check_key_points(sender, *, answer, now, **kwargs):
    coverage_check(answer=answer, now=now)
    # The optional AI grader, when configured: queued once the submit commits.
    grading_request(answer=answer, now=now)


@receiver(signals.answer_rated, dispatch_uid="feedback.answer_rated")
def remark_on_rating(sender, *, answer, **kwargs):
    coverage_remark(answer=answer)
