"""`perfcode diff`: which scores and grades change between two revisions, and with
`--decrypt` the confidential words the change touches, as far as the caller reads them."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.i18n import organisation_language
from perfcode.io.git import Listing
from perfcode.model import Repository
from perfcode.score import CycleResult


def _texts(listing: Listing, repo: Repository, paths: set[str]) -> dict[str, str]:
    """The texts of the record files PATHS that REPO (the revision LISTING) holds."""
    held = listing.read(p for p in paths if p in repo.blobs and p in listing.blobs)
    return {path: data.decode("utf-8", errors="replace") for path, data in sorted(held.items())}


def run(
    *,
    base: str,
    head: str,
    root: str,
    format: str,
    decrypt: bool = False,
    identity: str | None = None,
) -> int:
    from perfcode import pipeline
    from perfcode.cli.commands import _sealed
    from perfcode.io import git as gitrev
    from perfcode.report import diff

    if identity is not None and not decrypt:
        raise PerfcodeError("--identity opens words for --decrypt: give both, or neither")
    keys = None
    if decrypt:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            raise PerfcodeError(
                "perfcode diff --decrypt prints confidential words: not in a GitHub Actions "
                "job, whose log and summary every reader of the repository can see"
            )
        keys = _sealed.identities(identity, required=True)
    folder = root_folder(root, records=False)
    sides: list[tuple[str, Repository, dict[str, CycleResult], Listing]] = []
    with tempfile.TemporaryDirectory(prefix="perfcode-diff-") as scratch:
        for revision in (base, head):
            # the revision's records are read from git, only those the cache of loads
            # lacks (what both revisions hold alike is loaded once); its schemas/ is
            # written into a folder of its own
            listing = gitrev.listing(folder, revision)
            target = Path(scratch) / str(len(sides))
            gitrev.write_out(listing, target, parts=(gitrev.SCHEMAS,))
            gate = pipeline.score_repository(target, also=listing.problems, listing=listing)
            name = f"{revision} ({listing.commit[:7]})"
            if gate.results is None:
                documents = gate.repository.documents
                language = organisation_language(gate.repository.org)
                sys.stdout.write(diff.refused(name, gate.problems, documents, format, language))
                return EXIT_PROBLEMS
            sides.append((name, gate.repository, gate.results, listing))
        (
            (base_name, base_repo, base_results, base_listing),
            (head_name, head_repo, head_results, head_listing),
        ) = sides
        found = diff.compare(base_repo, base_results, head_repo, head_results, base_name, head_name)
        if keys is not None:
            paths = {
                p
                for p in set(base_repo.blobs) | set(head_repo.blobs)
                if base_repo.blobs.get(p) != head_repo.blobs.get(p)
            }
            changed = diff.words(
                _texts(base_listing, base_repo, paths),
                _texts(head_listing, head_repo, paths),
                keys.secrets,
            )
            found = replace(found, words=changed)
    sys.stdout.write(diff.render(found, format, organisation_language(head_repo.org)))
    return EXIT_CLEAN
