"""The interview app's part of a user's data export."""

from interview.models import Answer


def interviews_data(user) -> list[dict]:
    """The user's interviews and answers as plain data (two queries for any history)."""
    answers_by_interview: dict[int, list[dict]] = {}
    answers = Answer.objects.for_user(user).select_related("question").order_by("position")
    for answer in answers:
        answers_by_interview.setdefault(answer.interview_id, []).append(
            {
                "position": answer.position,
                "question_slug": answer.question.slug,
                "question": answer.title_snapshot,
                # Only what the user has seen: no model answers of questions still ahead.
                "model_answer_markdown": answer.answer_snapshot_md if answer.shown_at else "",
                "status": answer.status,
                "draft": answer.draft_text,
                "submitted_answer": answer.submitted_text,
                "submitted_how": answer.submission,
                "shown_at": answer.shown_at,
                "deadline": answer.deadline,
                "submitted_at": answer.submitted_at,
                "time_limit_seconds": answer.time_limit_seconds,
                "seconds_used": answer.seconds_used,
                "over_time_seconds": answer.over_time_seconds,
                "rating": answer.rating,
                "rated_at": answer.rated_at,
                "note": answer.note,
            }
        )
    return [
        {
            "id": interview.pk,
            "mode": interview.mode,
            "state": interview.state,
            "topics": interview.topics,
            "question_count": interview.question_count,
            "minutes_per_question": interview.minutes_per_question,
            "prefer_unseen": interview.prefer_unseen,
            "started_at": interview.started_at,
            "finished_at": interview.finished_at,
            "answers": answers_by_interview.get(interview.pk, []),
        }
        for interview in user.interviews.order_by("started_at")
    ]
