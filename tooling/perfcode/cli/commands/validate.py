"""`perfcode validate`: every problem in the records, at once."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from perfcode.check import check_repository
from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.i18n import organisation_language
from perfcode.model import Repository
from perfcode.problems import Problem, has_errors
from perfcode.report import problems as report
from perfcode.site import config as siteconfig


def run(*, root: str, format: str, base: str | None = None) -> int:
    folder = root_folder(root)
    registry = None if base is None else base_registry(folder, base)
    result = check_repository(folder, registry=registry)
    # the site's configuration lies in the repository too: what `perfcode site` refuses (PC106)
    problems = sorted([*result.problems, *siteconfig.check(folder).problems], key=Problem.sort_key)
    language = organisation_language(result.repository.org)
    sys.stdout.write(report.render(problems, result.repository.documents, format, language))
    return EXIT_PROBLEMS if has_errors(problems) else EXIT_CLEAN


def base_registry(folder: Path, base: str) -> Repository:
    """The people and organisation of revision BASE of the git repository FOLDER is in:
    who reads confidential words, and their keys, in a pull request's check (the base
    branch's, so that the pull request cannot make its own author a reader)."""
    from perfcode.io import git as gitrev
    from perfcode.load import repository as load

    if gitrev.run(folder, "rev-parse", "--git-dir", check=False).returncode != 0:
        raise PerfcodeError(
            f"{folder} is not in a git repository: --base names a revision whose people "
            "read the confidential words"
        )
    listing = gitrev.listing(folder, base, ("people", gitrev.SCHEMAS))  # the registry alone
    with tempfile.TemporaryDirectory(prefix="perfcode-base-") as scratch:
        target = Path(scratch) / "base"
        gitrev.write_out(listing, target, parts=(gitrev.SCHEMAS,))
        registry, _problems = load.load_repository(target, listing=listing)  # its own
    return registry
