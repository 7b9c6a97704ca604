"""Benchmark: `perfcode new contract --all` against one `perfcode new contract` a person.

On a `perfcode sample` organisation (500 people by default, seed 1) whose contracts (and
the reviews of them, which would not validate without their contract) are removed from a
copy, this times, each as a process as a user runs it:

(a) `perfcode new contract --all`: every missing contract from one load;
(b) K single `perfcode new contract PERSON` runs (K = 10 by default), each reloading the
    whole organisation, extrapolated to all the missing contracts (K runs' time × N / K:
    every single run loads the same organisation, so each costs about the same).

It prints both, the ratio (b)/(a), and checks that the K single runs wrote what --all wrote
for the same people. The issue's baseline: 499 single runs took 1,303 s at 500 people.

    python tests/benchmarks/new_contracts.py [--people 500] [--singles 10]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from perfcode.scaffold import sample

PERFCODE = [sys.executable, "-m", "perfcode"]


def _without_contracts(root: Path) -> list[str]:
    """Remove the sample cycle's contracts and reviews; the ids whose contract went."""
    cycle = root / "cycles" / sample.CYCLE
    people = sorted(p.stem for p in (cycle / "contracts").glob("*.yaml"))
    shutil.rmtree(cycle / "contracts")
    shutil.rmtree(cycle / "reviews", ignore_errors=True)
    return people


def _timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([*PERFCODE, *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--singles", type=int, default=10, help="single runs timed (K)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        batch, single = Path(tmp) / "batch", Path(tmp) / "single"
        sample.write(batch, people=args.people, seed=1)
        missing = _without_contracts(batch)
        shutil.copytree(batch, single)
        all_time = _timed(["new", "contract", "--all", "--root", str(batch)])
        chosen = missing[:: max(1, len(missing) // args.singles)][: args.singles]
        singles = sum(_timed(["new", "contract", p, "--root", str(single)]) for p in chosen)
        for pid in chosen:
            path = f"cycles/{sample.CYCLE}/contracts/{pid}.yaml"
            assert (single / path).read_bytes() == (batch / path).read_bytes(), path
        written = len(list((batch / "cycles" / sample.CYCLE / "contracts").glob("*.yaml")))
    each = singles / len(chosen)
    extrapolated = each * len(missing)
    print(f"people: {args.people}; contracts missing: {len(missing)}; --all wrote {written}")
    print(f"(a) new contract --all: {all_time:.2f} s")
    print(
        f"(b) single runs: {len(chosen)} timed, {each:.2f} s each, × {len(missing)} = "
        f"{extrapolated:.1f} s (extrapolated)"
    )
    print(f"b/a = {extrapolated / all_time:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
