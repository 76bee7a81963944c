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


@dataclass
class LineChart:
    points: str  # "x,y x,y ..." for an SVG polyline
    dots: list[tuple[float, float, float]]  # x, y, value
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


def bar_rows(rows, *, maximum: float) -> list[Bar]:
    """Label, value and count rows as bars scaled against `maximum`."""
    return [
        Bar(label=label, value=value, count=count, width=round(100 * value / maximum, 1))
        for label, value, count in rows
        if value is not None
    ]


def line_points(values, *, low: float = 1, high: float = 4) -> LineChart | None:
    """Ratings (1–4) placed left to right; None when there is nothing to draw."""
    values = [float(value) for value in values if value is not None]
    if not values:
        return None
    usable_width = CHART_WIDTH - 2 * PADDING
    usable_height = CHART_HEIGHT - 2 * PADDING
    step = usable_width / (len(values) - 1) if len(values) > 1 else 0
    dots = []
    for index, value in enumerate(values):
        x = PADDING + (index * step if len(values) > 1 else usable_width / 2)
        y = PADDING + usable_height * (high - value) / (high - low)
        dots.append((round(x, 1), round(y, 1), value))
    return LineChart(points=" ".join(f"{x},{y}" for x, y, _ in dots), dots=dots)
