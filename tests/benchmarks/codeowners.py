"""Benchmark: the size of .github/CODEOWNERS against the number of people.

GitHub does not load a CODEOWNERS file of 3 MB or more ("CODEOWNERS files must be under
3 MB in size. A CODEOWNERS file over this limit will not be loaded", GitHub Docs, About
code owners, "CODEOWNERS file size"). For each size (5,000 and 20,000 people by default)
this generates a sample registry (`perfcode sample`, seed 1; its cycle is removed, since
CODEOWNERS is made from people/ alone), runs `perfcode codeowners` on it and prints the
bytes written, beside the bytes the former per-person scheme would have written.

The former scheme (about ten lines per person: contract, reviews by role, check-ins,
interview, plan, adjustments, appeal) is not in the code any more; its size is the straight
line through two measurements kept below (OLD_MEASURED), taken before it was replaced.

    python tests/benchmarks/codeowners.py [--people 5000 20000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

from perfcode.cli import main as perfcode
from perfcode.scaffold import sample
from perfcode.signatures import codeowners

#: GitHub's limit, read as 3,000,000 bytes (the smaller reading of "3 MB")
GITHUB_LIMIT = 3_000_000

#: bytes of .github/CODEOWNERS written by the per-person scheme (`perfcode codeowners` at
#: commit 554654d, the last one with it) for `perfcode sample` registries of N people,
#: seed 1, measured on 2026-12-01 before the scheme was replaced:
#:   N = 100: 72,516   N = 200: 144,372   N = 400: 288,019   N = 1,000: 719,051
#: that is 718.4 bytes a person (ids p00000, logins user-p00000, 2-3 character names).
OLD_MEASURED = {100: 72_516, 200: 144_372, 400: 288_019, 1000: 719_051}


def old_bytes(people: int) -> int:
    """The per-person scheme's size at PEOPLE: the line through the smallest and largest
    measurements (the others lie within 0.02% of it)."""
    (n0, b0), (n1, b1) = min(OLD_MEASURED.items()), max(OLD_MEASURED.items())
    return round(b0 + (b1 - b0) * (people - n0) / (n1 - n0))


def measure(people: int, folder: Path) -> tuple[int, float]:
    """Bytes of the CODEOWNERS `perfcode codeowners` writes for a sample of PEOPLE, and the
    seconds the command took."""
    root = folder / f"sample-{people}"
    sample.write(root, people=people)
    shutil.rmtree(root / "cycles")  # CODEOWNERS is made from the registry alone
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = perfcode(["codeowners", str(root)])
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"perfcode codeowners exited {code}: {out.getvalue()}")
    size = (root / codeowners.PATH).stat().st_size
    shutil.rmtree(root)
    return size, seconds


def main() -> int:
    parser = argparse.ArgumentParser(description="CODEOWNERS size against the number of people")
    parser.add_argument("--people", type=int, nargs="+", default=[5000, 20000])
    args = parser.parse_args()
    print(f"GitHub loads a CODEOWNERS file under {GITHUB_LIMIT:,} bytes")
    print(f"{'people':>8}  {'CODEOWNERS now':>15}  {'per-person scheme':>18}  {'command':>8}")
    with tempfile.TemporaryDirectory(prefix="perfcode-codeowners-") as tmp:
        for people in args.people:
            size, seconds = measure(people, Path(tmp))
            old = old_bytes(people)
            verdict = "over the limit" if old >= GITHUB_LIMIT else "under the limit"
            print(
                f"{people:>8,}  {size:>9,} bytes  {old:>12,} bytes  {seconds:>7.1f}s"
                f"   (per-person scheme {verdict})"
            )
            if size >= GITHUB_LIMIT:
                print(f"CODEOWNERS is over GitHub's limit at {people:,} people", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
