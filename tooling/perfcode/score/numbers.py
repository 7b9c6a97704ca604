"""The arithmetic of scoring: one decimal context, and the one rounding of a score."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")
#: one context for every computation, whatever the caller's context is
CONTEXT = Context(prec=34, rounding=ROUND_HALF_EVEN)


def _digits(value: Decimal, places: int) -> Context:
    """A context with room for every digit of VALUE rounded to PLACES decimals (a huge
    achievement percentage must not exceed the precision of the caller's context)."""
    return Context(prec=max(CONTEXT.prec, value.adjusted() + places + 2))


def round2(value: Decimal) -> Decimal:
    """Half-up to two places: the only rounding of a score."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=_digits(value, 2))


def round_count(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP, context=_digits(value, 0)))


def capped(value: Decimal, cap: Decimal | None) -> Decimal:
    """VALUE, at most CAP (None: no cap)."""
    return value if cap is None else min(value, cap)
