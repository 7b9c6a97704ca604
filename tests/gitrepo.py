"""Real git for the tests: commands in a throw-away repository, with a fixed identity and
no user or system configuration, so results do not depend on the machine."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(
    root: Path,
    *args: str,
    at: str | None = None,
    name: str = "perfcode tests",
    email: str = "tests@example.com",
    stdin: str | None = None,
) -> str:
    """Run `git -C root ARGS`; its output, stripped. `at` fixes the author and commit date;
    `stdin` is what the command reads (a `git fast-import` stream)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if at is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = at
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        input=stdin,
    )
    return done.stdout.strip()
