"""perfcode.io.yaml.dump: the one YAML writer, in the styles of the files perfcode writes.
Whatever it writes, perfcode reads back as the same data."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from perfcode.io import yaml as yamlio

DATA: dict[str, Any] = {
    "title": "2026年下半年绩效考核",
    "period": {"start": "2026-07-01", "end": "2026-12-31"},
    "weights": [Decimal("30.00"), Decimal("2.50")],
    "raters": ["sunli", "zhoujie"],
}

EXPECTED = {
    "RECORD": (
        "title: 2026年下半年绩效考核\n"
        "period:\n  start: 2026-07-01\n  end: 2026-12-31\n"
        "weights:\n  - 30\n  - 2.5\n"
        "raters:\n  - sunli\n  - zhoujie\n"
    ),
    "RESULTS": (
        "title: 2026年下半年绩效考核\n"
        "period: {start: 2026-07-01, end: 2026-12-31}\n"
        "weights: [30.00, 2.50]\n"
        "raters: [sunli, zhoujie]\n"
    ),
    "PYYAML": (
        "title: 2026年下半年绩效考核\n"
        "period:\n  start: '2026-07-01'\n  end: '2026-12-31'\n"
        "weights:\n- 30\n- 2.5\n"
        "raters:\n- sunli\n- zhoujie\n"
    ),
}


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_each_style_writes_as_its_files_are_written(style: str) -> None:
    data = DATA if style != "PYYAML" else {**DATA, "weights": [30, 2.5]}
    text = yamlio.dump(data, getattr(yamlio, style))
    assert text == EXPECTED[style]
    back = yamlio.parse(text)
    assert back["period"] == DATA["period"] and back["raters"] == DATA["raters"]
    assert [Decimal(str(w)) for w in back["weights"]] == [Decimal("30"), Decimal("2.5")]


def test_shared_values_are_written_out_not_aliased() -> None:
    shared = ["a", "b"]
    text = yamlio.dump({"one": shared, "two": shared})
    assert "&" not in text and "*" not in text
    assert yamlio.parse(text) == {"one": shared, "two": shared}


def test_long_lines_are_kept_whole_in_evidence() -> None:
    path = "cycles/2026-H2/reviews/" + "x" * 200 + ".yaml"
    assert yamlio.dump({"paths": [path]}, yamlio.EVIDENCE) == f"paths:\n- {path}\n"


#: values whose writing depends on the emitter: quoting, folding at the width, Unicode,
#: text that would read back as another type, empty and multi-line text, nesting
TRICKY: dict[str, Any] = {
    "name": "王红军",
    "long": "整体表现稳定,目标基本达成。" * 12,
    "long_ascii": " ".join(["quarterly target reached"] * 8),
    "looks_like": ["2026-07-01", "yes", "no", "on", "null", "~", "012", "1:30", "3.0", "true"],
    "empty": "",
    "none": None,
    "lines": "first line\nsecond line\n",
    "quotes": 'it\'s "quoted": # not a comment',
    "nested": [{"item": "results-1", "rating": 4, "target": {"value": 1000, "unit": "万元"}}],
    "flags": [True, False],
    "numbers": [0, -7, 2.5, Decimal("30.0")],
}


def test_the_sample_style_is_written_by_libyaml_as_pyyaml_writes_it() -> None:
    """PYYAML is written by libyaml's C emitter (the sample organisation has hundreds of
    thousands of files); its text is exactly what PyYAML's own emitter writes."""
    assert yamlio.PYYAML.libyaml
    pure = dataclasses.replace(yamlio.PYYAML, libyaml=False)
    text = yamlio.dump(TRICKY, yamlio.PYYAML)
    assert text == yamlio.dump(TRICKY, pure)
    assert yamlio.parse(text)["looks_like"] == TRICKY["looks_like"]


def test_libyaml_cannot_indent_list_items() -> None:
    with pytest.raises(ValueError, match="cannot indent"):
        yamlio.dump(DATA, yamlio.Style(libyaml=True))
