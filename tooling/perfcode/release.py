"""Where perfcode is released from, and the pin a company's repository names.

One home for the facts a company repository's files refer to: the GitHub repository that
publishes perfcode's hooks (`.pre-commit-hooks.yaml`) and reusable workflows, and the tag
of this version (`rev:` in `.pre-commit-config.yaml`, `@TAG` after `uses:` in the thin
workflows `perfcode init` writes). Releases are tagged `v` + the package's version.
"""

from __future__ import annotations

from perfcode import __version__

#: the GitHub repository perfcode is released from (OWNER/NAME)
REPOSITORY = "perfcode/perfcode"
#: its address, for `repo:` in a company's .pre-commit-config.yaml
URL = f"https://github.com/{REPOSITORY}"


def tag(version: str = __version__) -> str:
    """The release tag of VERSION (default: this perfcode's): 0.1.0 → v0.1.0."""
    return f"v{version}"
