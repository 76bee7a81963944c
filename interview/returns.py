"""Where a learner came from when they started an interview (the bank, a question's
attempts, the progress page), so its summary can lead back there.

Kept in the session, not on the interview: it matters only for the next few minutes and
only in this browser, and a summary without it falls back to the question's own page.
"""

from core.forms import safe_local_path

SESSION_KEY = "interview_returns"
# Interviews remembered at once: enough for the few a learner has open, small in the session.
REMEMBERED = 10


def remember_return(request, interview, path: str) -> None:
    """Remember `path` (a path on this site, else nothing) as where `interview` leads back."""
    path = safe_local_path(path)
    if not path:
        return
    returns = dict(request.session.get(SESSION_KEY) or {})
    returns.pop(str(interview.pk), None)
    returns[str(interview.pk)] = path
    request.session[SESSION_KEY] = dict(list(returns.items())[-REMEMBERED:])


def return_path(request, interview) -> str:
    """Where `interview` was started from, or ""."""
    returns = request.session.get(SESSION_KEY) or {}
    path = returns.get(str(interview.pk), "") if isinstance(returns, dict) else ""
    return safe_local_path(path) if isinstance(path, str) else ""
