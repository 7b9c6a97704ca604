"""Seal the example's confidential words to their readers (its demo keys), in place.

    .venv/bin/python tests/example_org_seal.py [ROOT ...]

Every word the cycle's policy keeps confidential (`confidential:`, all of model.words.FIELDS
unless it says otherwise) in the records under each ROOT (default: the bundled example) is
sealed with `seal.document.seal_text`: the registry is the organisation itself, the day its
`today:`. A value already sealed to exactly its readers is left as it is, byte for byte, so
running this again changes nothing. Then regenerate what depends on the records' bytes
(results do not change: words are not numbers; the evidence names blob ids, which do) and
copy the example to this repository's own records, which equal it (example_org's
docstring gives the commands).
"""

from __future__ import annotations

import sys
from pathlib import Path

from example_org import EXAMPLE, RECORDS
from perfcode import clock, layout
from perfcode.load import repository as load
from perfcode.seal import document


def seal_root(root: Path) -> list[str]:
    """Seal every confidential word of the records under ROOT; the files changed."""
    registry, problems = load.load_repository(root)
    assert problems == [], problems
    assert registry.org is not None
    today = clock.today(registry.org, None).iso
    changed: list[str] = []
    for part in RECORDS:
        for path in sorted((root / part).rglob("*.yaml")):
            relative = path.relative_to(root).as_posix()
            place = layout.classify(relative)
            if place is None or place.cycle is None:
                continue
            policy = registry.cycles[place.cycle].policy
            text = path.read_text(encoding="utf-8")
            record = document.Record.parse(relative, text)
            if record is None or policy is None:
                continue
            sealing = document.seal_text(text, record, policy, registry, today)
            assert not sealing.unsealable and not sealing.unreadable, (relative, sealing)
            if sealing.text != text:
                path.write_text(sealing.text, encoding="utf-8")
                changed.append(relative)
    return changed


def main(argv: list[str]) -> int:
    roots = [Path(a) for a in argv] or [EXAMPLE]
    for root in roots:
        for relative in seal_root(root):
            print(f"sealed {root / relative}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
