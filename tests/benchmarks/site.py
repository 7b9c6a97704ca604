"""Benchmark: `perfcode site` on sample organisations of 500, 2,000 and 5,000 people, in one run.

For each size: write the sample (`perfcode sample`), validate and score it (not timed
here: see validate.py), then time (1) generation: rendering every page and writing it
under site/, (2) `mkdocs build` (Material, search index with jieba) and, when Zensical is
installed, (3) `zensical build` of the same generated pages with the same settings.
Prints, against figures measured in this run:
  (a) generation / (generation + mkdocs build)    (target <= 0.15)
  (b) build(2,000) / build(500), whole site        (target <= 4.5: linear in people)
  (c) mean bytes of a person's HTML page            (target <= 60 KB)
  (d) zensical build / mkdocs build, same pages     ("zensical not installed" otherwise)
  (e) the biggest generated Markdown page           (bounded: the A–Z index is split)

    python tests/benchmarks/site.py [--small 500] [--large 2000] [--people 5000] [--seed 1]

`--people 0` leaves out the 5,000-person build.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from sample_site import built_sample

from perfcode.check import check_repository
from perfcode.site import build as sitebuild


@dataclass(frozen=True, slots=True)
class Figures:
    generation: float
    mkdocs: float
    zensical: float | None
    page_bytes: float
    pages: int
    biggest: tuple[str, int]


def zensical_build(root: Path) -> float:
    """Seconds `zensical build` takes on ROOT's generated pages (site/), with the settings
    `perfcode site` hands MkDocs, written as a configuration file for it."""
    config = root / "zensical-mkdocs.yml"
    repo = check_repository(root).repository
    assert repo.org is not None
    settings = sitebuild.default_config(root, repo.org.language, repo.org.name, root / "site")
    settings["site_dir"] = "zensical-public"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    zensical = Path(sys.executable).with_name("zensical")
    started = time.perf_counter()
    done = subprocess.run(
        [str(zensical), "build", "-f", str(config), "-c"], capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"zensical build failed:\n{done.stdout}{done.stderr}")
    return seconds


def run(people: int, seed: int, scratch: Path, zensical: bool) -> Figures:
    root = scratch / f"org-{people}"
    _, built = built_sample(root, people, seed, root / "public", "2027-01-20")
    pages = [p for p in (built.out / "people").glob("p*/index.html")]
    size = sum(p.stat().st_size for p in pages) / max(1, len(pages))
    biggest = max((p.stat().st_size, p) for p in (root / "site").rglob("*.md"))
    zensical_seconds = zensical_build(root) if zensical else None
    return Figures(
        built.generation_seconds,
        built.mkdocs_seconds,
        zensical_seconds,
        size,
        len(pages),
        (biggest[1].relative_to(root / "site").as_posix(), biggest[0]),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--people", type=int, default=5000, help="0: no 5,000-person build")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    zensical = importlib.util.find_spec("zensical") is not None
    if not zensical:
        print("zensical not installed: (d) left out")
    sizes = [args.small, args.large] + ([args.people] if args.people else [])
    with tempfile.TemporaryDirectory(prefix="perfcode-site-bench-") as tmp:
        scratch = Path(tmp)
        figures: dict[int, Figures] = {}
        for people in sizes:
            f = figures[people] = run(people, args.seed, scratch, zensical)
            print(
                f"{people:>6} people: generation {f.generation:6.2f} s, "
                f"mkdocs build {f.mkdocs:6.2f} s, {f.pages} person pages, "
                f"{f.page_bytes / 1024:5.1f} KB per person page"
            )
            share = f.generation / (f.generation + f.mkdocs)
            print(f"        (a) generation / whole build = {share:.3f} (target <= 0.15)")
            print(f"        (c) bytes per person page = {f.page_bytes:,.0f} (target <= 61,440)")
            if f.zensical is not None:
                print(
                    f"        (d) zensical build {f.zensical:6.2f} s / mkdocs build = "
                    f"{f.zensical / f.mkdocs:.2f}"
                )
            print(f"        (e) biggest page: {f.biggest[0]}, {f.biggest[1]:,} bytes")
        small = figures[args.small].generation + figures[args.small].mkdocs
        large = figures[args.large].generation + figures[args.large].mkdocs
        print(
            f"(b) build({args.large}) / build({args.small}) = {large / small:.2f} "
            f"(linear would be {args.large / args.small:.2f}; target <= 4.5)"
        )


if __name__ == "__main__":
    main()
