"""Geometry of the health page's bar charts: numbers only; the SVG itself is written in
the template (network/includes/bar_chart.html)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 220
MARGIN_LEFT = 48
MARGIN_BOTTOM = 32
MARGIN_TOP = 16


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the month, e.g. "2026-11"
    value: str  # as shown (e.g. "42" or "37%")


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    maximum: str
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - MARGIN_BOTTOM
    left: int = MARGIN_LEFT
    top: int = MARGIN_TOP


def bar_chart(points: list[tuple[str, float]], *, percent: bool = False) -> BarChart:
    """One bar per (label, value); the tallest bar fills the plot."""
    top = max((value for _label, value in points), default=0) or 1
    plot_height = HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = (WIDTH - MARGIN_LEFT) / max(len(points), 1)
    bars = []
    for i, (label, value) in enumerate(points):
        height = round(value / top * plot_height, 1)
        bars.append(
            Bar(
                x=round(MARGIN_LEFT + i * slot + slot * 0.15, 1),
                y=round(HEIGHT - MARGIN_BOTTOM - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
                label=label,
                value=f"{value:.0%}" if percent else f"{value:g}",
            )
        )
    return BarChart(bars=bars, maximum=f"{top:.0%}" if percent else f"{top:g}")
