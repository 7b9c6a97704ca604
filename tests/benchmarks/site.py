"""Benchmark: `perfcode site` on sample organisations of 500 and 2,000 people, in one run.

For each size: write the sample (`perfcode sample`), validate and score it (not timed
here: see validate.py), then time (1) generation: rendering every page and writing it
under site/, and (2) `mkdocs build` (Material, search index with jieba). Prints
  (a) generation / mkdocs build                  (target <= 0.15)
  (b) build(2,000) / build(500), whole site      (target <= 4.5: linear in people)
  (c) mean bytes of a person's HTML page          (target <= 60 KB)

    python tests/benchmarks/site.py [--small 500] [--large 2000] [--seed 1]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from perfcode.check import check_repository
from perfcode.scaffold import sample
from perfcode.score import score_all
from perfcode.site import build as sitebuild


def run(people: int, seed: int, scratch: Path) -> tuple[float, float, float, int]:
    root = scratch / f"org-{people}"
    sample.write(root, people=people, seed=seed)
    checked = check_repository(root)
    assert not checked.failed, "the sample organisation has problems"
    results = score_all(checked.repository)
    built = sitebuild.build_scored(
        root,
        checked.repository,
        results,
        out=root / "public",
        audience="public",
        today="2027-01-20",
    )
    pages = [p for p in (built.out / "people").glob("*/index.html")]
    size = sum(p.stat().st_size for p in pages) / max(1, len(pages))
    return built.generation_seconds, built.mkdocs_seconds, size, len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="perfcode-site-bench-") as tmp:
        scratch = Path(tmp)
        figures = {}
        for people in (args.small, args.large):
            gen, build, size, count = run(people, args.seed, scratch)
            figures[people] = (gen, build)
            print(
                f"{people:>6} people: generation {gen:6.2f} s, mkdocs build {build:6.2f} s, "
                f"{count} person pages, {size / 1024:5.1f} KB per person page"
            )
            print(f"        (a) generation / build = {gen / build:.3f} (target <= 0.15)")
            print(f"        (c) bytes per person page = {size:,.0f} (target <= 61,440)")
        small = sum(figures[args.small])
        large = sum(figures[args.large])
        ratio = large / small
        print(
            f"(b) build({args.large}) / build({args.small}) = {ratio:.2f} "
            f"(linear would be {args.large / args.small:.2f}; target <= 4.5)"
        )


if __name__ == "__main__":
    main()
