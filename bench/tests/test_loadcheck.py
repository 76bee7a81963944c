"""The load test's verdict must see a lost answer: every way one can go missing."""

from types import SimpleNamespace

from bench.loadcheck import check_answers, latency_table, percentile, sent_after

SUBMITTED = "[a@loadtest.example q1 r3] final"
DRAFT = "[a@loadtest.example q1 r2] draft"


def candidate(**sent) -> dict:
    answer = {"draft": DRAFT, "draft_pending": None, "submitted": SUBMITTED, "rating": 3}
    return {
        "email": "a@loadtest.example",
        "interview": 7,
        "finished": True,
        "answers": {"1": answer | sent},
    }


def row(**fields) -> SimpleNamespace:
    stored = {"status": "submitted", "submitted_text": SUBMITTED, "draft_text": SUBMITTED}
    return SimpleNamespace(**({"rating": 3} | stored | fields))


def verdict(sent: dict, stored: SimpleNamespace | None) -> tuple[list, int, int]:
    return check_answers([sent], lambda _candidate: {1: stored} if stored else {})


def test_an_answer_as_sent_is_not_lost():
    assert verdict(candidate(), row()) == ([], 1, 0)


def test_a_different_or_missing_submission_is_lost():
    lost, checked, _ = verdict(candidate(), row(submitted_text=DRAFT))
    assert checked == 1 and len(lost) == 1 and "question 1: submitted" in lost[0]
    assert len(verdict(candidate(), row(status="active", submitted_text=""))[0]) == 1
    assert verdict(candidate(), None)[0] == [
        "a@loadtest.example interview 7 question 1: no such answer in the database"
    ]


def test_a_different_rating_is_lost():
    lost, _, _ = verdict(candidate(), row(rating=2))
    assert lost == ["a@loadtest.example interview 7 question 1: rated 3, stored 2"]
    assert len(verdict(candidate(), row(rating=None))[0]) == 1


def test_a_draft_not_yet_submitted_must_be_the_last_one_saved():
    sent = candidate(submitted=None, rating=None)
    open_answer = row(status="active", submitted_text="", draft_text=DRAFT, rating=None)
    assert verdict(sent, open_answer)[0] == []
    lost, _, _ = verdict(sent, row(status="active", submitted_text="", draft_text="", rating=None))
    assert len(lost) == 1 and "saved draft" in lost[0]


def test_a_request_cut_off_by_the_end_of_the_run_may_have_arrived_or_not():
    sent = candidate(submitted=None, submit_pending=SUBMITTED, rating=None)
    before = row(status="active", submitted_text="", draft_text=DRAFT, rating=None)
    assert verdict(sent, before) == ([], 1, 1)
    assert verdict(sent, row(rating=None)) == ([], 1, 1)
    assert len(verdict(sent, row(status="active", draft_text="", rating=None))[0]) == 1


def test_percentiles_and_table():
    times = [float(ms) for ms in range(1, 101)]
    assert [percentile(times, f) for f in (0.5, 0.95, 0.99)] == [50, 95, 99]
    requests = [["autosave", 0.0, ms, 200, None] for ms in times]
    requests.append(["submit", 0.0, 30.0, 500, "HTTP 500"])
    table = latency_table(requests)
    assert "| autosave | 100 | 0 | 50 | 95 | 99 | 100 |" in table
    assert "| submit | 1 | 1 | 30 | 30 | 30 | 30 |" in table
    assert table[-1].startswith("| **all** | 101 | 1 |")


def test_requests_sent_after_a_moment():
    requests = [["question page", 100.0, 900.0, 200, None], ["autosave", 115.0, 12.0, 200, None]]
    assert sent_after(requests, 115.0) == [requests[1]]
    assert sent_after(requests, 100.0) == requests
    assert sent_after(requests, 116.0) == []
