"""Today's plan for a signed-in user: what is due, what waits, how the days went.

Every figure comes from a fixed number of queries over the user's cards (one per question
at most) or a bounded window of days, so the page costs the same after 10 interviews or
after 2,000.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from core.text import is_chinese
from interview.charts import Grid, columns
from interview.models import Answer, Interview
from practice import scheduling
from practice.models import Card

FORECAST_DAYS = 14
HEATMAP_WEEKS = 26
WAITING_SHOWN = 5
UNFINISHED_SHOWN = 5
WEAK_TOPICS_SHOWN = 3
# Cells of the heatmap: side, gap, and the room left for weekday and month labels (a month
# starting in the last week runs 27 units: "十二月" at 9 px, three characters).
HEATMAP_GRID = Grid(cell=12, gap=3, left=28, top=16, right=14)


# The forecast chart: a bar per day on a baseline, the count above, the day below.
FORECAST_STEP = 22
FORECAST_BAR = 16
FORECAST_BASELINE = 64
FORECAST_TALLEST = 48


@dataclass
class TopicStrength:
    slug: str
    name: str
    recall: float  # mean predicted recall of its rated questions, 0–1
    count: int

    @property
    def percent(self) -> int:
        return round(100 * self.recall)


@dataclass
class ForecastDay:
    day: date
    count: int
    x: float = 0  # left edge of the bar
    y: float = FORECAST_BASELINE  # top of the bar
    height: float = 0

    @property
    def middle(self) -> float:
        return self.x + FORECAST_BAR / 2

    @property
    def value_y(self) -> float:
        return self.y - 3


@dataclass
class HeatCell:
    day: date
    count: int
    level: int  # 0 (none) to 4
    x: int
    y: int


@dataclass
class Heatmap:
    cells: list[HeatCell]
    months: list[tuple[int, str]]  # x, label
    width: int
    height: int
    days_practised: int
    streak: int
    longest: int
    practised: list[HeatCell] = field(default_factory=list)


def today(now: datetime) -> date:
    return timezone.localtime(now).date()


def due_count(user, now: datetime) -> int:
    return Card.objects.for_user(user).due(now).filter(question__is_active=True).count()


def unfinished(user):
    return list(Interview.objects.for_user(user).to_resume(limit=UNFINISHED_SHOWN))


def waiting_for_rating(user):
    """Done answers with no rating yet, newest first, and how many there are."""
    waiting = Answer.objects.for_user(user).filter(
        status__in=[Answer.Status.SUBMITTED, Answer.Status.SKIPPED], rating__isnull=True
    )
    shown = list(
        waiting.select_related("question").order_by("-submitted_at", "-pk")[:WAITING_SHOWN]
    )
    total = len(shown) if len(shown) < WAITING_SHOWN else waiting.count()
    return shown, total


def weakest_topics(user, now: datetime, language: str) -> list[TopicStrength]:
    """Topics by the mean predicted recall of their rated questions, weakest first."""
    name_key = "question__tags__name_zh" if is_chinese(language) else "question__tags__name_en"
    rows = (
        Card.objects.for_user(user)
        .scheduled()
        .filter(question__is_active=True, question__tags__isnull=False)
        .with_retention()
        .values_list(
            "question__tags__slug",
            name_key,
            "state",
            "step",
            "stability",
            "difficulty",
            "due",
            "last_review",
            "desired_retention",
        )
    )
    totals: dict[str, list] = {}
    for slug, name, state, step, stability, difficulty, due, last_review, retention in rows:
        card = Card(
            state=state,
            step=step,
            stability=stability,
            difficulty=difficulty,
            due=due,
            last_review=last_review,
        )
        entry = totals.setdefault(slug, [name, 0.0, 0])
        entry[1] += scheduling.retrievability(retention, card, now)
        entry[2] += 1
    topics = [
        TopicStrength(slug=slug, name=name, recall=total / count, count=count)
        for slug, (name, total, count) in totals.items()
    ]
    topics.sort(key=lambda topic: (topic.recall, topic.slug))
    return topics[:WEAK_TOPICS_SHOWN]


def forecast(user, now: datetime) -> list[ForecastDay]:
    """How many reviews fall due on each of the next 14 days (overdue ones count today)."""
    first = today(now)
    horizon = timezone.make_aware(
        datetime.combine(first + timedelta(days=FORECAST_DAYS), datetime.min.time())
    )
    dues = (
        Card.objects.for_user(user)
        .scheduled()
        .filter(due__lt=horizon, question__is_active=True)
        .values_list("due", flat=True)
    )
    counts = [0] * FORECAST_DAYS
    for due in dues:
        offset = (timezone.localtime(due).date() - first).days
        counts[max(0, min(offset, FORECAST_DAYS - 1))] += 1
    bars = columns(
        counts,
        step=FORECAST_STEP,
        width=FORECAST_BAR,
        baseline=FORECAST_BASELINE,
        tallest=FORECAST_TALLEST,
    )
    return [
        ForecastDay(
            day=first + timedelta(days=index), count=count, x=bar.x, y=bar.y, height=bar.height
        )
        for index, (count, bar) in enumerate(zip(counts, bars, strict=True))
    ]


def _level(count: int) -> int:
    if count == 0:
        return 0
    return 1 if count <= 1 else 2 if count <= 3 else 3 if count <= 6 else 4


def _streaks(practised: set[date], last: date) -> tuple[int, int]:
    """The current streak (ending today, or yesterday if today is still open) and the longest."""
    streak = 0
    day = last if last in practised else last - timedelta(days=1)
    while day in practised:
        streak += 1
        day -= timedelta(days=1)
    longest = run = 0
    previous = None
    for day in sorted(practised):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    return streak, longest


def heatmap(user, now: datetime) -> Heatmap:
    """Days with answers given over the last 26 weeks, as a weeks × weekdays grid."""
    last = today(now)
    # Columns are weeks starting on Monday; the last column holds today.
    first = last - timedelta(days=last.weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)
    since = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    rows = (
        Answer.objects.for_user(user)
        .filter(submitted_at__gte=since, status=Answer.Status.SUBMITTED)
        .annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(count=Count("id"))
        .values_list("day", "count")
    )
    counts = dict(rows)
    cells = []
    months = []
    day = first
    while day <= last:
        x, y = HEATMAP_GRID.position((day - first).days // 7, day.weekday())
        count = counts.get(day, 0)
        cells.append(HeatCell(day=day, count=count, level=_level(count), x=x, y=y))
        if day.weekday() == 0 and day.day <= 7:  # the first Monday of a month labels it
            months.append((x, day))
        day += timedelta(days=1)
    streak, longest = _streaks({d for d, n in counts.items() if n}, last)
    practised = [cell for cell in cells if cell.count]
    width, height = HEATMAP_GRID.size(HEATMAP_WEEKS, 7)
    return Heatmap(
        cells=cells,
        months=months,
        width=width,
        height=height,
        days_practised=len(practised),
        streak=streak,
        longest=longest,
        practised=practised,
    )
