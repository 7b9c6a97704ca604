"""Numbers as the site writes them: 30, 4.13, 92.79 (two places when not whole)."""

from __future__ import annotations

from decimal import Decimal


def num(value: Decimal | int | None) -> str:
    """A number as people write it: 30, 4.13, 92.79 (two places when not whole)."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text if len(text.partition(".")[2]) >= 2 else format(value, ".2f")
