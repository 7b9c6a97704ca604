"""`make bench`: every figure of issue 16, at 5,000 and 20,000 people (`--people`).

Runs, one after the other, each benchmark script of this folder that exists, with the
same `--people` list:
  validate.py     validate vs a bare libyaml parse, the memory of the command alone,
                  `perfcode score`, scoring vs validation;
  incremental.py  the cache: re-validate after one changed file, diff, explain, status,
                  pre-commit (when it exists);
  codeowners.py   the size of .github/CODEOWNERS;
  search.py       the site's search (when it exists);
  site.py         `perfcode site`: generation, mkdocs build, linearity, bytes per page.
A script that does not take `--people` is run with its own defaults (said before it
runs). Each script prints its own figures with its same-run baselines; this driver adds
only which script ran, how long it took, and whether it failed. Not part of `make test`.

    python tests/benchmarks/run_all.py [--people 5000 20000] [--only validate site]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
#: in this order: the quick figures first, the long site build last
SCRIPTS = ("validate", "incremental", "codeowners", "search", "site")


def takes_people(script: Path) -> bool:
    """Whether the script has a `--people` option (its --help says so)."""
    shown = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, check=False
    )
    return "--people" in shown.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--only", nargs="+", choices=SCRIPTS, help="run only these")
    args = parser.parse_args()
    failed: list[str] = []
    for name in args.only or SCRIPTS:
        script = HERE / f"{name}.py"
        if not script.exists():
            print(f"== {name}.py: not in this checkout, skipped", flush=True)
            continue
        command = [sys.executable, str(script)]
        if takes_people(script):
            command += ["--people", *map(str, args.people)]
        else:
            print(f"== {name}.py takes no --people: run with its own sizes", flush=True)
        print(f"== {' '.join(command[1:])}", flush=True)
        start = time.perf_counter()
        done = subprocess.run(command, check=False)
        took = time.perf_counter() - start
        print(
            f"== {name}.py: {'exit ' + str(done.returncode) if done.returncode else 'done'}"
            f" in {took:.0f} s\n",
            flush=True,
        )
        if done.returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
