"""The public build shows what the publication settings allow, and nothing more (issue 11).

Each build is `perfcode site --audience public --today …` with a real `mkdocs build`, of the
example organisation and of a sampled one (30 people, with an interview, a plan, an appeal
and a calibration decision), with one publication block in every cycle: all switches on,
all off, and each switch off on its own; the rater threshold equal to a person's rater count
(all-on) and one above it. Every file the build writes is scanned (privacy.surfaces: pages,
search index, sitemap, 404, file names; the theme's assets aside) for every value the
settings hide, in the forms the site prints (privacy.hidden).

The scan is shown to see: HR's private edition, scanned as if it were public, leaks every
kind of value the settings can hide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from privacy import (
    ALL_OFF,
    ALL_ON,
    BEFORE_RESULTS,
    SAMPLE_VARIANTS,
    VARIANTS,
    Site,
    build,
    hidden,
    scan,
    shown,
)

pytestmark = pytest.mark.slow

CASES = [("example", name) for name in VARIANTS] + [("sample", name) for name in SAMPLE_VARIANTS]


@pytest.fixture(scope="session")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("privacy")


def _site(base: Path, kind: str, name: str, **kwargs: str) -> Site:
    settings = (VARIANTS if kind == "example" else SAMPLE_VARIANTS)[name]
    return build(kind, settings, base, **kwargs)


def _report(leaks: Sequence[object]) -> str:
    return "\n".join(str(leak) for leak in leaks[:40]) + (
        f"\n… {len(leaks)} leaks in all" if len(leaks) > 40 else ""
    )


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_public_build_shows_nothing_the_settings_hide(base: Path, kind: str, name: str) -> None:
    site = _site(base, kind, name)
    secrets = hidden(site)
    if site.settings == ALL_OFF:
        kinds = {s.kind for s in secrets}
        assert {"score", "grade", "comment", "rater"} <= kinds  # the scan has work to do
    leaks = scan(site.out, secrets)
    assert not leaks, _report(leaks)


def test_before_the_results_phase_no_result_is_public(base: Path) -> None:
    """2026-12-01: 2026-H2's self reviews start on 12-16 and its results on 2027-01-11, so
    no 2026-H2 score, grade, rank, pay ratio or outcome is public, whatever the settings."""
    site = _site(base, "example", "all-on", today=BEFORE_RESULTS)
    secrets = hidden(site)
    h2 = [s for s in secrets if s.kind in ("score", "grade", "rank", "outcome")]
    assert len(h2) > 14 * 3  # every scored person of 2026-H2, several forms each
    leaks = scan(site.out, secrets)
    assert not leaks, _report(leaks)


def test_thresholds_at_the_edge_show_what_they_allow(base: Path) -> None:
    """At min_raters equal to the count (3 peers of 刘洋) the peers' comments are public
    (all-on publishes comments); one above it they are not (and the leak scan of
    min-raters-above checks they are nowhere)."""
    at_edge = _site(base, "example", "all-on")
    above = _site(base, "example", "min-raters-above")
    peer = (at_edge.root / "cycles/2026-H2/reviews/liuyang/peer-zhoujie.yaml").read_text("utf-8")
    summary = next(line for line in peer.splitlines() if line.startswith("summary:"))
    text = summary.removeprefix("summary:").strip()
    assert shown(at_edge.out, "people/liuyang/", text)
    assert not shown(above.out, "people/liuyang/", text)


def test_all_on_shows_what_it_allows(base: Path) -> None:
    """The scan is not satisfied by an empty site: with everything published, 孙丽's score,
    grade, interview, plan and appeal are on her page."""
    site = _site(base, "example", "all-on")
    assert site.settings == ALL_ON
    for value in (
        "51.85",
        "D 待改进",
        "客户关系维护认真",
        "每周拜访新客户不少于8家",
        "维持原评估等级",
    ):
        assert shown(site.out, "people/sunli/", value), value


@pytest.mark.parametrize("kind", ["example", "sample"])
def test_the_scan_finds_every_kind_of_leak(base: Path, kind: str) -> None:
    """Plant every leak at once: HR's private edition, scanned as if it were the public one
    with every switch off. Each kind of hidden value is found."""
    private = build(kind, ALL_OFF, base, audience="private")
    leaks = scan(private.out, hidden(private))
    found = Counter(leak.secret.kind for leak in leaks)
    expected = {"score", "rank", "grade", "outcome", "comment", "rater"}
    expected |= {"plan", "interview", "appeal", "calibration"}
    if kind == "example":
        expected |= {"adjustment", "feedback"}
    assert expected <= set(found), found
    where = {leak.surface.split(":")[0] for leak in leaks}
    assert "search" in where  # the search index is read
