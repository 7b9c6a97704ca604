"""What is hidden cannot be worked out from what is shown (issue 11).

吴倩 and 郑凯 each have one customer review in 2026-H2: below `min_raters`, so the public
page does not show it. Everything else the page prints is read as numbers; then, for every
item, each value on the policy's scale is tried for the hidden rating and kept when the
numbers at item level would read the same: the item's combined rating (if the page prints
it), and the score of a section in which the hidden role rated that one item. The hidden
rating is safe when more than one value is left for every item, or when no number at item
level mixes it in. Totals over several items (section scores, the score) mix the hidden
role in and are what the policy publishes; they are not tried here (a rater who gave the
top mark everywhere is still given away by a total at its ceiling: see the README).

The check is shown to see: given the item-level numbers the page used to print (each item's
combined rating), it finds items whose hidden rating is determined.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from privacy import Site, build

from perfcode import check_repository, score_all
from perfcode.score import PersonResult

pytestmark = pytest.mark.slow

CYCLE = "2026-H2"
HIDDEN_ROLE = "customer"
TWO = Decimal("0.01")


@pytest.fixture(scope="session")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("privacy")


@pytest.fixture(scope="module")
def example(base: Path) -> Site:
    """The example as it is, with its own publication settings, public, after results."""
    return build("example", None, base)


def page_numbers(out: Path, person: str) -> set[str]:
    """Every number printed in the person's page (the article, tags stripped)."""
    text = (out / "people" / person / "index.html").read_text(encoding="utf-8")
    article = text[text.find("<article") : text.find("</article>")]
    words = html.unescape(re.sub(r"<[^>]+>", " ", article))
    return set(re.findall(r"\d+(?:\.\d+)?", words))


def printed(value: Decimal, numbers: set[str]) -> bool:
    """Whether VALUE (to 2 places) is among the page's numbers, as 12.25 or 12.3 or 12.5."""
    two = value.quantize(TWO)
    forms = {str(two)}
    if two != two.to_integral_value():
        forms.add(str(two.normalize()))
    return bool(forms & numbers)


@dataclass(frozen=True)
class Item:
    section: str
    item: str
    weight: Decimal
    known: Decimal  # Σ weight × rating of the roles that are shown
    known_weight: Decimal
    hidden_weight: Decimal  # the hidden role's weight (0: it did not rate the item)
    truth: Decimal | None  # the hidden role's rating

    def rating(self, hidden: Decimal | None) -> Decimal:
        if hidden is None or not self.hidden_weight:
            return self.known / self.known_weight
        return (self.known + self.hidden_weight * hidden) / (self.known_weight + self.hidden_weight)


def items_of(result: PersonResult, role: str) -> list[Item]:
    items = []
    for section in result.sections:
        for item in section.items:
            known = sum((r.weight * r.rating for r in item.roles if r.role != role), Decimal(0))
            known_weight = sum((r.weight for r in item.roles if r.role != role), Decimal(0))
            hidden = next((r for r in item.roles if r.role == role), None)
            items.append(
                Item(
                    section.section,
                    item.item,
                    item.weight,
                    known,
                    known_weight,
                    hidden.weight if hidden else Decimal(0),
                    hidden.rating if hidden else None,
                )
            )
    return items


def answers(
    result: PersonResult,
    items: list[Item],
    numbers: set[str],
    levels: Iterable[Decimal],
    scale_max: Decimal,
) -> dict[str, set[Decimal]]:
    """For each item the hidden role rated: the values consistent with the page's numbers."""
    levels = tuple(levels)
    weights = {s.section: s.weight for s in result.sections}
    shown_scores = {s.section: s.score for s in result.sections}
    # per section: every vector of hidden values that prints what the page prints
    options: dict[str, list[tuple[dict[str, Decimal], Decimal]]] = {}
    for section, group in itertools.groupby(items, key=lambda i: i.section):
        members = list(group)
        rated = [i for i in members if i.hidden_weight]
        total_weight = sum((i.weight for i in members), Decimal(0))
        kept = []
        for values in itertools.product(levels, repeat=len(rated)):
            choice = dict(zip((i.item for i in rated), values, strict=True))
            ok = True
            for i in rated:  # an item's combined rating, if the page prints it
                true_rating = i.rating(i.truth)
                if printed(true_rating, numbers) and (
                    i.rating(choice[i.item]).quantize(TWO) != true_rating.quantize(TWO)
                ):
                    ok = False
                    break
            if not ok:
                continue
            score = (
                weights[section]
                * sum(i.weight * i.rating(choice.get(i.item)) / scale_max for i in members)
                / total_weight
            )
            true = shown_scores[section]
            # a section with one item the hidden role rated is a number at item level
            alone = len(rated) == 1 and true is not None and printed(true, numbers)
            if alone and true is not None and score.quantize(TWO) != true.quantize(TWO):
                continue
            kept.append((choice, score))
        options[section] = kept
    found: dict[str, set[Decimal]] = {i.item: set() for i in items if i.hidden_weight}
    for kept_options in options.values():
        for choice, _ in kept_options:
            for item, value in choice.items():
                found[item].add(value)
    return found


def _case(site: Site, person: str) -> tuple[PersonResult, list[Item], tuple[Decimal, ...], Decimal]:
    repo = check_repository(site.root).repository
    result = score_all(repo)[CYCLE].people[person]
    policy = repo.cycles[CYCLE].policy
    assert policy is not None
    levels = tuple(level.value for level in policy.levels)
    return result, items_of(result, HIDDEN_ROLE), levels, policy.scale_max


@pytest.mark.parametrize("person", ["wuqian", "zhengkai"])
def test_a_hidden_rater_cannot_be_worked_out(example: Site, person: str) -> None:
    result, items, levels, scale_max = _case(example, person)
    assert sum(1 for i in items if i.hidden_weight) >= 10  # one customer rated the items
    numbers = page_numbers(example.out, person)
    found = answers(result, items, numbers, levels, scale_max)
    determined = {item: values for item, values in found.items() if len(values) <= 1}
    assert not determined, f"{person}'s customer rating is determined for {sorted(determined)}"


def test_the_check_finds_a_rating_the_numbers_give_away(example: Site) -> None:
    """Plant the leak: the page's numbers plus every item's combined rating (what an
    item-level table mixing the customer in would print). The customer is then determined
    for every item whose rating moves with it."""
    result, items, levels, scale_max = _case(example, "wuqian")
    numbers = page_numbers(example.out, "wuqian")
    planted = numbers | {str(i.rating(i.truth).quantize(TWO)) for i in items}
    found = answers(result, items, planted, levels, scale_max)
    determined = [item for item, values in found.items() if len(values) == 1]
    assert len(determined) >= 9, found
