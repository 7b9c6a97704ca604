"""The package's face: `from perfcode import *` gives exactly `__all__`, and each name
works on the tests' organisation (example_org)."""

from __future__ import annotations

import perfcode
from example_org import EXAMPLE


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from perfcode import *", namespace)
    del namespace["__builtins__"]
    assert sorted(namespace) == sorted(perfcode.__all__)
    assert perfcode.__all__ == sorted(perfcode.__all__)


def test_each_public_name_works_on_the_example() -> None:
    repository, problems = perfcode.load_repository(EXAMPLE)
    assert repository.people and not [p for p in problems if p.severity.value == "error"]

    checked = perfcode.check_repository(EXAMPLE)
    assert not checked.failed and checked.repository.people.keys() == repository.people.keys()
    assert all(isinstance(p, perfcode.Problem) for p in checked.problems)

    results = perfcode.score_all(checked.repository)
    latest = results[checked.repository.cycle_ids()[-1]]
    person = sorted(latest.people)[0]
    lines = perfcode.explanation(latest, checked.repository, person)
    assert lines and all(isinstance(line, str) and line for line in lines)

    signed = {p for p in checked.repository.people if perfcode.evidence(checked.repository, p)}
    assert signed, "the example keeps signature evidence for someone's records"
    for record in perfcode.evidence(checked.repository, sorted(signed)[0]):
        assert record.pr > 0 and record.proof.startswith("ed25519:")


def test_importing_perfcode_loads_no_stage() -> None:
    """`import perfcode` stays cheap: the stages load when a function is called (and the
    command's Ctrl-C guard covers them)."""
    import subprocess
    import sys

    code = "import sys, perfcode; print(sorted(m for m in sys.modules if m.startswith('perfcode')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['perfcode', 'perfcode.problems']"
