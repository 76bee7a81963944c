"""Geometry for the small server-rendered SVG charts (no chart library, no JavaScript).

Shared by every chart of the site: the progress page's bars and lines, a question's
attempts, and the practice dashboard's forecast and heatmap (practice.dashboard).
"""

from collections.abc import Sequence
from dataclasses import dataclass

CHART_WIDTH = 600
CHART_HEIGHT = 160
PADDING = 16


def linear(value: float, *, low: float, high: float, start: float, end: float) -> float:
    """Where `value` falls on an axis drawn from `start` (at `low`) to `end` (at `high`),
    to one decimal. `end` may be smaller than `start`: SVG's y grows downwards."""
    return round(start + (end - start) * (value - low) / (high - low), 1)


def scaled(value: float, *, maximum: float, length: float) -> float:
    """The length of a bar for `value` when `maximum` fills `length`."""
    return linear(value, low=0, high=maximum, start=0, end=length)


@dataclass
class Bar:
    label: str
    value: float
    count: int
    width: float  # share of the full bar, 0–100


def bar_rows(rows, *, maximum: float) -> list[Bar]:
    """Label, value and count rows as bars scaled against `maximum`."""
    return [
        Bar(label=label, value=value, count=count, width=scaled(value, maximum=maximum, length=100))
        for label, value, count in rows
        if value is not None
    ]


# Charts with axes: room on the left for the value labels and at the bottom for dates.
AXIS_LEFT = 44
AXIS_BOTTOM = 22
AXIS_TOP = 10
AXIS_RIGHT = 12


@dataclass
class Series:
    name: str
    css: str  # a class name suffix, for the line's colour
    points: str  # "x,y x,y ..." for the polyline
    dots: list[tuple[float, float, str]]  # x, y, tooltip


@dataclass
class TimeChart:
    series: list[Series]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    left: float
    right: float
    top: float
    bottom: float
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


def time_chart(
    columns: list[str],
    series: list[tuple[str, str, list[float | None]]],
    *,
    low: float,
    high: float,
    ticks: list[tuple[float, str]],
    value_text=lambda value: f"{value:.1f}",
) -> TimeChart | None:
    """Values over labelled columns (dates), one line per series, with labelled axes.

    `series` holds (name, css suffix, values) with one value (or None) per column. A single
    column is drawn in the middle, so one point still sits on dated axes.
    """
    if not columns or not any(value is not None for _n, _c, values in series for value in values):
        return None
    left, right = AXIS_LEFT, CHART_WIDTH - AXIS_RIGHT
    top, bottom = AXIS_TOP, CHART_HEIGHT - AXIS_BOTTOM

    def x(index: int) -> float:
        if len(columns) == 1:
            return round((left + right) / 2, 1)
        return linear(index, low=0, high=len(columns) - 1, start=left, end=right)

    def y(value: float) -> float:
        return linear(value, low=low, high=high, start=bottom, end=top)

    lines = []
    for name, css, values in series:
        dots = [
            (x(index), y(value), f"{columns[index]}: {value_text(value)}")
            for index, value in enumerate(values)
            if value is not None
        ]
        lines.append(Series(name, css, " ".join(f"{dx},{dy}" for dx, dy, _t in dots), dots))
    # Label at most about six columns, evenly, always the first and the last.
    step = max(1, round(len(columns) / 6))
    labelled = sorted({*range(0, len(columns), step), len(columns) - 1})
    return TimeChart(
        series=lines,
        x_labels=[(x(index), columns[index]) for index in labelled],
        y_ticks=[(y(value), text) for value, text in ticks],
        left=left,
        right=right,
        top=top,
        bottom=bottom,
    )


RATING_TICKS = [(value, str(value)) for value in (1, 2, 3, 4)]


def rating_chart(points, *, name: str) -> TimeChart | None:
    """Self-ratings (1–4, or None) over dates: dates along the bottom, the scale at the left."""
    return time_chart(
        [day.strftime("%m-%d") for day, _value in points],
        [(name, "rating", [value for _day, value in points])],
        low=1,
        high=4,
        ticks=RATING_TICKS,
    )


@dataclass
class Column:
    """A bar standing on a baseline: its left edge, its top and its height."""

    x: float
    y: float
    height: float


def columns(
    values: Sequence[float], *, step: float, width: float, baseline: float, tallest: float
) -> list[Column]:
    """One bar per value, `step` apart and `width` wide (centred in its step), standing on
    `baseline`; the largest value is `tallest` high, and all are 0 high when none is above 0."""
    maximum = max(values, default=0) or 1
    bars = []
    for index, value in enumerate(values):
        height = scaled(value, maximum=maximum, length=tallest)
        bars.append(Column(x=index * step + (step - width) / 2, y=baseline - height, height=height))
    return bars


@dataclass(frozen=True)
class Grid:
    """Square cells in columns and rows, `gap` apart, after margins for labels at the left
    and at the top (a calendar heatmap: weeks by weekdays), and at the right for a top label
    that starts over the last column and runs past it."""

    cell: int
    gap: int
    left: int
    top: int
    right: int = 0

    def position(self, column: int, row: int) -> tuple[int, int]:
        """The top-left corner of a cell."""
        return self.left + column * (self.cell + self.gap), self.top + row * (self.cell + self.gap)

    def size(self, columns: int, rows: int) -> tuple[int, int]:
        """Width and height of the whole grid, margins included."""
        return self.left + columns * (self.cell + self.gap) + self.right, self.top + rows * (
            self.cell + self.gap
        )
