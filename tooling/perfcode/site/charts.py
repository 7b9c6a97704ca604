"""Charts as static SVG text: numbers in, an <svg> element out (no script, no fonts, no network).

Pure. The geometry is computed here; the drawing is a Jinja2 template per kind of chart
(templates/charts/), rendered with HTML autoescaping so labels taken from the records
(names, grades) are always text. Geometry uses floats: these are pictures, not scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

PRIMARY = "var(--md-primary-fg-color, #4051b5)"
ACCENT = "var(--md-accent-fg-color, #526cfe)"
MUTED = "#9e9e9e"


@dataclass(frozen=True, slots=True)
class Point:
    label: str  # under the x axis (a cycle)
    value: Decimal
    note: str  # above the point (a grade)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: Decimal
    tip: str = ""


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("perfcode", "site/templates/charts"),
        autoescape=True,
        trim_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )


def _render(template: str, chart: dict[str, Any]) -> Markup:
    text = _env().get_template(template).render(c=chart)
    # one line per element and no blank line: the SVG stays one raw-HTML block in Markdown
    return Markup("\n".join(line for line in text.splitlines() if line.strip()))


def _fmt(value: float) -> float:
    """A coordinate, to a tenth of a pixel."""
    return round(value, 1)


def _label(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _nice_ticks(top: float, count: int = 4) -> list[float]:
    if top <= 0:
        return [0.0]
    raw = top / count
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 0.1
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if s * magnitude >= raw)
    ticks, value = [0.0], 0.0
    while value < top - 1e-9:
        value += step
        ticks.append(round(value, 6))
    return ticks


def line(
    title: str,
    points: Sequence[Point],
    bands: Sequence[tuple[str, Decimal]] = (),
    low: Decimal = Decimal(0),
    high: Decimal = Decimal(100),
) -> Markup:
    """A line through the points (e.g. a person's score per cycle), with dashed band lines."""
    values = [float(p.value) for p in points]
    lo = min([float(low), *values])
    hi = max([float(high), *values])
    width = max(320, 110 * len(points) + 120)
    height = 220
    left, right, top, bottom = 44.0, width - 40.0, 24.0, height - 30.0

    def y(value: float) -> float:
        return bottom - (value - lo) / (hi - lo or 1) * (bottom - top)

    step = (right - left) / max(1, len(points))
    placed = [
        {
            "x": _fmt(left + step * (i + 0.5)),
            "y": _fmt(y(float(p.value))),
            "label": p.label,
            "note": p.note,
            "tip": f"{p.label}: {p.value} {p.note}".strip(),
        }
        for i, p in enumerate(points)
    ]
    chart = {
        "title": title,
        "width": width,
        "height": height,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "bands": [
            {"y": _fmt(y(float(v))), "label": name} for name, v in bands if lo <= float(v) <= hi
        ],
        "ticks": [{"y": _fmt(y(t)), "label": _label(t)} for t in _nice_ticks(hi) if t >= lo],
        "path": " ".join(f"{p['x']},{p['y']}" for p in placed) if len(placed) > 1 else "",
        "points": placed,
    }
    return _render("line.svg.j2", chart)


def bars(
    title: str,
    groups: Sequence[tuple[str, Sequence[Bar]]],
    legend: Sequence[str] = (),
) -> Markup:
    """Vertical bars in groups (e.g. per grade: people given, quota), or one bar per group."""
    series = max((len(g[1]) for g in groups), default=1)
    fills = [PRIMARY, MUTED, ACCENT][: max(1, series)]
    top_value = max((float(b.value) for _, bs in groups for b in bs), default=0.0)
    ticks = _nice_ticks(max(top_value, 1.0))
    hi = ticks[-1] if ticks[-1] > 0 else 1.0
    group_width = max(34.0, 14.0 + 22.0 * series)
    width = int(max(320, 60 + group_width * len(groups) + 20))
    height = 220
    left, right, top, bottom = 40.0, width - 10.0, 30.0, height - 26.0
    slot = (right - left) / max(1, len(groups))
    bar_w = min(28.0, (slot - 8.0) / series)
    rects, labels = [], []
    for i, (label, members) in enumerate(groups):
        x0 = left + slot * i + (slot - bar_w * len(members)) / 2
        labels.append({"x": _fmt(left + slot * (i + 0.5)), "text": label})
        for j, bar in enumerate(members):
            h = float(bar.value) / hi * (bottom - top)
            rects.append(
                {
                    "x": _fmt(x0 + bar_w * j),
                    "y": _fmt(bottom - h),
                    "w": _fmt(bar_w - 2),
                    "h": _fmt(h),
                    "fill": fills[j % len(fills)],
                    "value": _label(float(bar.value)) if bar.value else "",
                    "tip": bar.tip or f"{label}: {bar.value}",
                }
            )
    x = left
    keys = []
    for j, text in enumerate(legend):
        keys.append({"x": _fmt(x), "fill": fills[j % len(fills)], "text": text})
        x += 28 + 13 * len(text)
    chart = {
        "title": title,
        "width": width,
        "height": height,
        "left": left,
        "right": right,
        "bottom": bottom,
        "ticks": [{"y": _fmt(bottom - t / hi * (bottom - top)), "label": _label(t)} for t in ticks],
        "bars": rects,
        "labels": labels,
        "legend": keys,
    }
    return _render("bars.svg.j2", chart)


def hbars(
    title: str,
    items: Sequence[Bar],
    high: Decimal,
    reference: tuple[str, Decimal] | None = None,
) -> Markup:
    """Horizontal bars (e.g. each manager's average rating) with a reference line (the mean)."""
    row = 22.0
    width = 560
    left, top = 120.0, 26.0
    right = width - 50.0
    bottom = top + row * max(1, len(items))
    height = int(bottom + 22)
    hi = float(high) or 1.0

    def x(value: float) -> float:
        return (right - left) * value / hi

    ticks = _nice_ticks(hi, 5)
    chart = {
        "title": title,
        "width": width,
        "height": height,
        "left": left,
        "top": top,
        "bottom": bottom,
        "ticks": [{"x": _fmt(left + x(t)), "label": _label(t)} for t in ticks],
        "bars": [
            {
                "y": top + row * i + 3,
                "h": row - 6,
                "w": _fmt(x(float(b.value))),
                "label": b.label,
                "value": str(b.value),
                "fill": PRIMARY,
                "tip": b.tip or f"{b.label}: {b.value}",
            }
            for i, b in enumerate(items)
        ],
        "reference": None
        if reference is None
        else {"x": _fmt(left + x(float(reference[1]))), "label": reference[0]},
    }
    return _render("hbars.svg.j2", chart)
