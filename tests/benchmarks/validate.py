"""Benchmark: `perfcode validate` against a bare libyaml parse of the same files, and
scoring against validation.

Generates a sample organisation (`perfcode sample`, 5,000 people by default), then times,
alternating in one run so machine noise hits all alike:
  (a) `perfcode validate ROOT`, the command, as a process of its own;
  (b) a bare parse in one Python process of its own: `yaml.load(text, Loader=yaml.CSafeLoader)`
      for every file (interpreter start-up included in both, like for like);
  (c) scoring: `scoring.score_all` on the repository already loaded in this process: the
      scores, grades, ranks, distribution and outcomes `perfcode score` computes;
  (d) scoring keeping every explanation (who rated what: what `explain` and the site use);
  (e) validation in this process (`check.check_repository`, no start-up), for information.
Prints a/b (target <= 1.3), the peak memory of the `perfcode validate` process
(target <= 400 MB) and c/a (target <= 0.10).

    python tests/benchmarks/validate.py [--people 5000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from perfcode.check import check_repository
from perfcode.scaffold import sample
from perfcode.score import score_all

BARE_PARSE = """
import sys
from pathlib import Path
import yaml
from perfcode.load.repository import walk
root = Path(sys.argv[1])
for path in walk(root):
    yaml.load((root / path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(*command: str) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description="perfcode validate and score benchmark")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    perfcode = shutil.which("perfcode") or str(Path(sys.executable).parent / "perfcode")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "org"
        files = sample.write(root, people=args.people, seed=1)
        loaded = check_repository(root)
        assert not loaded.failed, "the sample must validate clean"
        repository = loaded.repository
        times: dict[str, list[float]] = {key: [] for key in "abcde"}
        for _ in range(args.rounds):
            times["a"].append(timed(lambda: run(perfcode, "validate", str(root))))
            times["b"].append(timed(lambda: run(sys.executable, "-c", BARE_PARSE, str(root))))
            times["c"].append(timed(lambda: score_all(repository, detail=False)))
            times["d"].append(timed(lambda: score_all(repository, detail=True)))
            times["e"].append(timed(lambda: check_repository(root)))
        memory = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    a, b, c, d, e = (statistics.median(times[key]) for key in "abcde")
    print(f"sample: {args.people} people, {files} files; median of {args.rounds} rounds")
    print(f"(a) perfcode validate: {a:.2f} s   (b) bare libyaml parse: {b:.2f} s")
    print(f"    ratio a/b: {a / b:.2f}   (target <= 1.3)")
    print(f"    peak memory of a perfcode validate process: {memory:.0f} MB   (target <= 400 MB)")
    print(f"(c) scoring after loading: {c:.3f} s   ratio c/a: {c / a:.3f}   (target <= 0.10)")
    print(f"(d) scoring with explanations: {d:.3f} s   ratio d/a: {d / a:.3f}")
    print(f"(e) validation inside this process, no start-up: {e:.2f} s   c/e: {c / e:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
