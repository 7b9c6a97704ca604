"""`perfcode explain` quotes a person it does not know safely: a control character typed in
its argument comes back as an escape, never raw on the terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcode.cli import main

BASE = Path(__file__).parents[2] / "validate" / "base"


def test_an_unknown_person_is_quoted_with_escapes(capfd: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "x\x1b[31m\x07", str(BASE)]) == 2
    out, err = capfd.readouterr()
    assert (out + err).strip() == 'perfcode: there is no person "x\\x1b[31m\\x07" in people/'
