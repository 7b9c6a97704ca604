"""Benchmark: `perfcode validate` against a bare libyaml parse of the same files.

Generates a sample organisation (`perfcode sample`, 5,000 people by default), then times,
alternating in one run so machine noise hits both alike:
  (a) validate: load + schema + rules, exactly what `perfcode validate` does;
  (b) baseline: `yaml.load(text, Loader=yaml.CSafeLoader)` for every file, one process.
Prints the ratio a/b (target <= 1.3) and the peak memory of a separate
`perfcode validate` process (target <= 400 MB). Then times
  (c) scoring: `scoring.score_all` on the loaded repository (loading excluded), the
      scores, grades, ranks and outcomes `perfcode score` computes,
and prints c/a (target <= 0.10: scoring costs at most a tenth of validation); and, for
information, (d) scoring with every explanation kept (what `explain` and the site use).

    python tests/benchmarks/validate.py [--people 5000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from perfcode import load, sample
from perfcode.check import check_repository
from perfcode.scoring import score_all


def bare_parse(root: Path) -> int:
    count = 0
    for path in load.walk(root):
        text = (root / path).read_text(encoding="utf-8")
        yaml.load(text, Loader=yaml.CSafeLoader)
        count += 1
    return count


def timed(func: object, root: Path) -> float:
    start = time.perf_counter()
    func(root)  # type: ignore[operator]
    return time.perf_counter() - start


def peak_memory_mb(root: Path) -> float:
    code = (
        "import resource, sys; from pathlib import Path; "
        "from perfcode.check import check_repository; "
        "r = check_repository(Path(sys.argv[1])); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "org"
        files = sample.write(root, people=args.people, seed=1)
        result = check_repository(root)
        assert not result.failed, "the sample must validate clean"
        repository = result.repository
        validate_times, parse_times, score_times, detail_times = [], [], [], []
        for _ in range(args.rounds):
            validate_times.append(timed(check_repository, root))
            parse_times.append(timed(bare_parse, root))
            score_times.append(timed(lambda _root: score_all(repository, detail=False), root))
            detail_times.append(timed(lambda _root: score_all(repository, detail=True), root))
        a, b = statistics.median(validate_times), statistics.median(parse_times)
        c = statistics.median(score_times)
        d = statistics.median(detail_times)
        memory = peak_memory_mb(root)
    print(f"sample: {args.people} people, {files} files")
    print(
        f"validate (a): {a:.2f} s   bare libyaml parse (b): {b:.2f} s   (median of {args.rounds})"
    )
    print(f"ratio a/b: {a / b:.2f}   (target <= 1.3)")
    print(f"peak memory of perfcode validate: {memory:.0f} MB   (target <= 400 MB)")
    print(f"scoring (c): {c:.2f} s   ratio c/a: {c / a:.3f}   (target <= 0.10)")
    print(f"scoring with explanations (d): {d:.2f} s   ratio d/a: {d / a:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
