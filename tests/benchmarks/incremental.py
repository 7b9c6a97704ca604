"""Benchmark: the paths that answer about a change, with the cache of loads
(`perfcode.load.cache`), against a bare libyaml parse of the same files.

Generates a sample organisation (`perfcode sample`, 5,000 people by default) in a git
repository of two commits (the second re-rates one person's manager review), fills the
cache with one `perfcode validate`, then times, alternating in one run so machine noise
hits all alike, each as a process of its own (start-up included, like the baseline):
  (b) a bare parse: `yaml.load(text, Loader=yaml.CSafeLoader)` of every file;
  (v) `perfcode validate` after one more file changed (target <= 0.3 b);
  (n) `perfcode validate --no-cache`, every file read, parsed and checked again;
  (e) `perfcode explain PERSON` (target <= 0.3 b);
  (s) `perfcode status` (target <= 0.3 b);
  (p) `pre-commit run --files FILE` of the changed file with perfcode's hooks, the one
      process `perfcode-check` (target <= 0.3 b);
  (d) `perfcode diff HEAD~1 HEAD` with the cache emptied first, as on a fresh CI runner
      (target <= 2 b);
  (w) the same diff with the cache kept.
The cache is written before each command exits (PERFCODE_CACHE_DETACH=0), so its writing is
inside the figures (the `perfcode` command itself writes it after it exits). Peak memory is
each command's own (`os.wait4`), never this script's.

    python tests/benchmarks/incremental.py [--people 5000] [--rounds 5] [--sample DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from perfcode.scaffold import sample

BARE_PARSE = """
import sys
from pathlib import Path
import yaml
from perfcode.load.repository import walk
root = Path(sys.argv[1])
for path in walk(root):
    yaml.load((root / path).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""

TARGETS = {"v": 0.3, "e": 0.3, "s": 0.3, "p": 0.3, "d": 2.0}
NAMES = {
    "v": "validate after one changed file",
    "n": "validate --no-cache",
    "e": "explain PERSON",
    "s": "status",
    "p": "pre-commit on a one-file change",
    "d": "diff HEAD~1 HEAD, cache emptied first",
    "w": "diff HEAD~1 HEAD, cache kept",
}


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of COMMAND as a process of its own."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=null, stderr=null)
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{command} exited {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description="perfcode's cached paths benchmark")
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--sample", type=Path, help="copy this sample organisation instead of writing one"
    )
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    perfcode = shutil.which("perfcode", path=str(bin_dir)) or shutil.which("perfcode") or "perfcode"
    env = {**os.environ, "PERFCODE_CACHE_DETACH": "0"}
    env.pop("PERFCODE_NO_CACHE", None)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "org"
        if args.sample is not None:
            shutil.copytree(args.sample, root, symlinks=True)
            files = sum(1 for p in root.rglob("*") if p.is_file())
        else:
            files = sample.write(root, people=args.people, seed=1)
        (root / ".pre-commit-config.yaml").write_text(
            "repos:\n  - repo: local\n    hooks:\n"
            "      - id: perfcode-check\n        name: perfcode check\n"
            f"        entry: {perfcode} check\n        language: system\n"
            "        pass_filenames: false\n"
            "        files: ^(people/|cycles/|schemas/|\\.pre-commit-config\\.yaml$)\n",
            encoding="utf-8",
        )
        git(root, "init", "-q", "-b", "main")
        git(root, "-c", "user.name=b", "-c", "user.email=b@example.com", "add", "-A")
        git(root, "-c", "user.name=b", "-c", "user.email=b@example.com", "commit", "-qm", "base")
        review = sorted((root / "cycles").rglob("reviews/*/manager-*.yaml"))[0]
        person = review.parent.name
        original = review.read_text(encoding="utf-8")
        review.write_text(original + "# re-rated\n", encoding="utf-8")
        git(root, "-c", "user.name=b", "-c", "user.email=b@example.com", "commit", "-qam", "head")
        changed = str(review.relative_to(root))
        cache_folder = root / ".git" / "perfcode"
        commands = {
            "b": [sys.executable, "-c", BARE_PARSE, str(root)],
            "v": [perfcode, "validate", str(root)],
            "n": [perfcode, "validate", str(root), "--no-cache"],
            "e": [perfcode, "explain", person, str(root)],
            "s": [perfcode, "status", str(root)],
            "p": [sys.executable, "-m", "pre_commit", "run", "--files", changed],
            "d": [perfcode, "diff", "HEAD~1", "HEAD", "--root", str(root)],
            "w": [perfcode, "diff", "HEAD~1", "HEAD", "--root", str(root)],
        }
        timed(commands["v"], root, env)  # fills the cache
        timed(commands["p"], root, env)  # pre-commit's own first run
        times: dict[str, list[float]] = {key: [] for key in commands}
        peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
        for n in range(args.rounds):
            for key, command in commands.items():
                if key == "v":  # one more file changed since the cache was written
                    review.write_text(original + f"# round {n}\n", encoding="utf-8")
                if key == "d":
                    shutil.rmtree(cache_folder, ignore_errors=True)
                elapsed, peak = timed(command, root, env)
                times[key].append(elapsed)
                peaks[key] = max(peaks[key], peak)
    ratios = {
        key: statistics.median(t / b for t, b in zip(times[key], times["b"], strict=True))
        for key in commands
    }
    print(f"sample: {args.people} people, {files} files; median of {args.rounds} paired rounds")
    print(f"(b) bare libyaml parse: {statistics.median(times['b']):.2f} s, {peaks['b']:.0f} MB")
    for key, name in NAMES.items():
        target = f"   (target <= {TARGETS[key]})" if key in TARGETS else ""
        print(
            f"({key}) {name}: {statistics.median(times[key]):.2f} s, {peaks[key]:.0f} MB, "
            f"{key}/b = {ratios[key]:.2f}{target}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
