"""The practice app's part of a user's data export: settings, stars, schedules, the review log."""

from practice.models import Card, LearnerSettings, Review


def practice_data(user) -> dict:
    return {
        "desired_retention": LearnerSettings.objects.retention_of(user),
        "cards": [
            {
                "question_slug": card.question.slug,
                "starred": card.starred,
                "first_seen_at": card.first_seen_at,
                "state": card.get_state_display() if card.due else None,
                "stability_days": card.stability,
                "difficulty": card.difficulty,
                "due": card.due,
                "last_review": card.last_review,
                "last_rating": card.last_rating,
                "reviews": card.reviews,
            }
            for card in Card.objects.for_user(user).select_related("question").order_by("pk")
        ],
        "reviews": [
            {
                "question_slug": review.question.slug,
                "interview_id": review.answer.interview_id,
                "position": review.answer.position,
                "rating": review.rating,
                "reviewed_at": review.reviewed_at,
                "duration_ms": review.duration_ms,
            }
            for review in Review.objects.filter(user=user).select_related("question", "answer")
        ],
    }
