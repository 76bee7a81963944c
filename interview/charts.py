"""Geometry for the small server-rendered SVG charts (no chart library, no JavaScript)."""

from dataclasses import dataclass

CHART_WIDTH = 600
CHART_HEIGHT = 160
PADDING = 16


@dataclass
class Bar:
    label: str
    value: float
    count: int
    width: float  # share of the full bar, 0–100


def bar_rows(rows, *, maximum: float) -> list[Bar]:
    """Label, value and count rows as bars scaled against `maximum`."""
    return [
        Bar(label=label, value=value, count=count, width=round(100 * value / maximum, 1))
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
        return round(left + (right - left) * index / (len(columns) - 1), 1)

    def y(value: float) -> float:
        return round(bottom - (bottom - top) * (value - low) / (high - low), 1)

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
