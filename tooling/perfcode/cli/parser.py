"""The `perfcode` command line, parsed: argparse only (what each command does is in
`perfcode.cli.commands`)."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from perfcode import __version__
from perfcode.report import problems as report

if TYPE_CHECKING:
    from perfcode.model.selection import Selection

#: where a command's positional ROOT lands before `_Command` merges it with --root
_POSITIONAL_ROOT = "root_positional"
ROOT_HELP = "the repository folder (default: .)"


class _Command(argparse.ArgumentParser):
    """One command's parser: its options and positionals in any order (argparse's
    intermixed parsing: `explain PERSON --cycle C ROOT` as well as `explain --cycle C
    PERSON ROOT`), and its folder as ROOT or --root (`add_root`)."""

    _intermixing = False

    def parse_known_args(
        self, args: Iterable[str] | None = None, namespace: Any = None
    ) -> tuple[Any, list[str]]:
        if self._intermixing:  # the intermixed parse calls back in for each pass
            return super().parse_known_args(args, namespace)
        if args is not None:
            args = list(args)
            self._once(args)
        self._intermixing = True
        try:
            found, extras = self.parse_known_intermixed_args(
                None if args is None else list(args), namespace
            )
        finally:
            self._intermixing = False
        if hasattr(found, _POSITIONAL_ROOT):
            positional = getattr(found, _POSITIONAL_ROOT)
            delattr(found, _POSITIONAL_ROOT)
            if (
                positional is not None
                and found.root is not None
                and os.path.realpath(positional) != os.path.realpath(found.root)
            ):
                self.error(f"name the folder once: ROOT {positional} or --root {found.root}")
            found.root = found.root or positional or "."
        return found, extras

    def _once(self, args: Sequence[str]) -> None:
        """A usage error when an option that holds one value is given twice (`--root A
        --root B` would otherwise quietly take B); flags and repeatable options may repeat."""
        seen: set[str] = set()
        for arg in args:
            if arg == "--":
                break
            if not arg.startswith("--"):
                continue
            name = arg.split("=", 1)[0]
            action = self._option_string_actions.get(name)
            if action is None:  # an abbreviation argparse accepts when it is unambiguous
                matches = {a for o, a in self._option_string_actions.items() if o.startswith(name)}
                action = matches.pop() if len(matches) == 1 else None
            if action is None or not isinstance(action, argparse._StoreAction):
                continue
            if action.dest in seen:
                self.error(f"give {action.option_strings[-1]} once, not twice")
            seen.add(action.dest)


def add_root(
    p: argparse.ArgumentParser, help_text: str = ROOT_HELP, *, positional: bool = True
) -> None:
    """The folder a command works on: `--root ROOT` on every command that takes one, and,
    where it always was, a last positional ROOT as well (the same folder, named once)."""
    if positional:
        p.add_argument(_POSITIONAL_ROOT, nargs="?", metavar="ROOT", help=help_text)
        p.add_argument("--root", help="the same folder, named as an option")
    else:
        p.add_argument("--root", default=".", help=help_text)
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="read and check every file again, without perfcode's cache of earlier loads "
        "(also: PERFCODE_NO_CACHE=1)",
    )


def add_selection(p: argparse.ArgumentParser) -> None:
    """Whose records: `--manager ID [--all-levels]` and `--department ID`, the same on
    every command that takes them (status, score, export; `perfcode.model.selection`)."""
    p.add_argument("--manager", metavar="ID", help="only this person's direct reports")
    p.add_argument(
        "--all-levels",
        action="store_true",
        help="with --manager: everyone below them, not only their direct reports",
    )
    p.add_argument(
        "--department",
        metavar="ID",
        help="only the people of this department and the departments below it",
    )


def selection(args: argparse.Namespace) -> Selection:
    """The selection the options of `add_selection` name."""
    from perfcode.model.selection import Selection

    return Selection(args.manager, args.all_levels, args.department)


def build() -> argparse.ArgumentParser:
    """The `perfcode` command line; `args.command` names the command (None: none given)."""
    parser = argparse.ArgumentParser(
        prog="perfcode",
        description="Performance management as code: validate, score and publish the records.",
    )
    parser.add_argument("--version", action="version", version=f"perfcode {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Command)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text)

    p = command("validate", "Check every record against its schema and the rules.")
    add_root(p)
    p.add_argument("--format", choices=[*report.FORMATS, "markdown"], default="text")
    p.add_argument(
        "--base",
        metavar="REV",
        help="judge who reads confidential words by the people of this git revision "
        "(a pull request's base), not of the records checked",
    )

    p = command("score", "Compute scores and grades from each cycle's policy.")
    add_root(p)
    p.add_argument("--cycle", help="one cycle (default: every cycle)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_selection(p)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write cycles/<cycle>/results.yaml")
    mode.add_argument(
        "--check", action="store_true", help="fail (exit 1) when a results.yaml is stale"
    )

    p = command("publish", "Publish a cycle's results: write its results.yaml, once (公示).")
    p.add_argument("cycle", help="the cycle, e.g. 2026-H2")
    add_root(p)
    p.add_argument("--today", help="the day of publication (default: today)")
    p.add_argument(
        "--incomplete",
        action="store_true",
        help="publish although some people are not scored yet (they stay incomplete)",
    )

    p = command("explain", "Explain a person's score, from each rating to the grade.")
    p.add_argument("person", help="the person's id (people/<id>.yaml)")
    add_root(p)
    p.add_argument("--cycle", help="the cycle (default: the person's latest)")

    p = command("export", "Export scores, grades and pay ratios for payroll.")
    add_root(p)
    p.add_argument("--cycle", help="one cycle (default: every cycle)")
    p.add_argument(
        "--format",
        choices=["csv", "xlsx"],
        default="csv",
        help="csv: UTF-8 with a BOM (default); xlsx: an Excel workbook (needs -o)",
    )
    add_selection(p)
    p.add_argument(
        "--output",
        "-o",
        help="write to this file, a new one or an earlier export (default: standard output)",
    )

    p = command("import", "Bring people or a cycle's goals in from a sheet (CSV or .xlsx).")
    p.add_argument("what", choices=["people", "goals"], help="people/ records, or goals.yaml")
    p.add_argument("file", metavar="FILE", help="the sheet: .csv (UTF-8 or GB18030) or .xlsx")
    add_root(p, positional=False)
    p.add_argument("--cycle", help="import goals: the cycle whose goals.yaml to write")
    p.add_argument("--sheet", metavar="NAME", help="the workbook's sheet (default: the first)")
    p.add_argument(
        "--mark-left",
        metavar="DATE",
        help="import people: set left: DATE for everyone in people/ the sheet leaves out",
    )
    p.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")

    p = command("signatures", "Check that everyone who must sign a pull request has.")
    p.add_argument(
        "action",
        nargs="?",
        choices=["record", "keygen"],
        help="record: keep the evidence of every merged pull request not yet recorded; "
        "keygen: make the recorder's key pair",
    )
    p.add_argument("--repo", help="the repository, OWNER/NAME")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--pr", type=int, help="the pull request's number")
    which.add_argument(
        "--commit", help="judge every open pull request into the default branch with this head"
    )
    add_root(p, "a git checkout of the default branch (default: .)", positional=False)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--post-check",
        action="store_true",
        help="post the verdict as the `perfcode signatures` check run on the head judged",
    )
    p.add_argument(
        "--depth",
        type=int,
        default=500,
        help="record: how many of the latest default-branch commits to look at (default 500)",
    )
    p.add_argument("--today", help="the date closed cycles are judged on (default: today)")

    p = command("verify", "Verify the signature evidence of every change on the branch, offline.")
    add_root(p, "a git clone (default: .)")
    p.add_argument("--ref", default="HEAD", help="the branch to walk (default: HEAD)")
    p.add_argument(
        "--key",
        action="append",
        dest="keys",
        metavar="ed25519:...",
        help="trust only this recorder key (a copy held outside the repository); repeatable",
    )
    p.add_argument("--format", choices=[*report.FORMATS, "markdown"], default="text")

    p = command(
        "check",
        "validate, score --check and codeowners --check from one load of the records.",
    )
    add_root(p)

    p = command("codeowners", "Write .github/CODEOWNERS from the registry.")
    add_root(p)
    p.add_argument("--check", action="store_true", help="fail (exit 1) when it is stale")

    p = command("sample", "Write a valid synthetic organisation for trials.")
    p.add_argument("dir", help="an empty or new folder")
    p.add_argument("--people", type=int, required=True, help="how many people (1 to 100,000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")

    p = command("site", "Publish the policies and records as a static site (MkDocs).")
    add_root(p)
    p.add_argument("--out", help="the output folder (default: the site_dir of mkdocs.yml)")
    p.add_argument(
        "--audience",
        choices=["public", "private", "me"],
        default="public",
        help="public: what each policy publishes; private: everything, for HR; "
        "me: the own record of the person whose key --identity is",
    )
    p.add_argument(
        "--identity",
        help="the key that opens confidential words (private, me); only this option: "
        "the site never opens words unless asked to",
    )
    p.add_argument("--today", help="the day the dashboards report on, YYYY-MM-DD")

    p = command("status", "Who still owes what in the cycle, overdue items first.")
    add_root(p)
    p.add_argument("--cycle", help="one cycle (default: every cycle under way)")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.add_argument("--today", help="the day to report on, YYYY-MM-DD (default: today)")
    add_selection(p)

    p = command("new", "Start a document from the policy and the registry.")
    p.add_argument(
        "kind",
        choices=[
            *("contract", "review", "plan", "interview", "appeal", "cycle"),
            *("person", "goals", "checkins", "adjustments", "calibration"),
        ],
    )
    p.add_argument(
        "name",
        nargs="?",
        metavar="NAME",
        help="the person's id (cycle: the new cycle's id; none for goals, calibration and "
        "contract --all)",
    )
    add_root(p, positional=False)
    p.add_argument(
        "--all",
        dest="every",
        action="store_true",
        help="contract: every missing contract of the cycle (nothing overwritten)",
    )
    p.add_argument(
        "--department",
        metavar="ID",
        help="contract --all: only this department and those below it; person: their department",
    )
    for option, what in (
        ("name", "the person's full name"),
        ("manager", "the person's manager (an id)"),
        ("group", "the person's population group (people/org.yaml)"),
        ("title", "the person's job title"),
        ("github", "the person's GitHub login (their approvals are their signatures)"),
        ("email", "the person's work email"),
        ("joined", "the day the person joined, YYYY-MM-DD (default: today)"),
    ):
        p.add_argument(f"--{option}", dest=f"person_{option}", help=f"person: {what}")
    p.add_argument("--cycle", help="the cycle (default: the latest cycle with a policy)")
    p.add_argument("--role", help="review: the rater's role (self, manager, peer, ...)")
    p.add_argument(
        "--rater", help="review: the rater (default: self → the person, manager → their manager)"
    )
    p.add_argument(
        "--from",
        dest="previous",
        help="cycle: the cycle whose policy to copy (default: the latest before it)",
    )
    p.add_argument(
        "--template",
        help="cycle: start from a built-in policy template (contract, service, business)",
    )
    p.add_argument("--today", help="the date written into plans, interviews and appeals")

    p = command("diff", "Which scores and grades change between two revisions.")
    p.add_argument("base", help="the base revision (a branch, tag or commit)")
    p.add_argument("head", help="the head revision")
    add_root(p, "the git repository (default: .)", positional=False)
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.add_argument(
        "--decrypt",
        action="store_true",
        help="also the confidential words the changes touch, as far as you are their reader",
    )
    p.add_argument(
        "--identity",
        help="your key (default: $PERFCODE_IDENTITY, ~/.ssh/id_ed25519, ~/.ssh/id_rsa)",
    )

    p = command("init", "Write a company's own repository into a new or empty folder.")
    p.add_argument("dir", help="a new or empty folder")
    p.add_argument("--language", choices=["zh", "en"], help="the records' language (default zh)")
    p.add_argument(
        "--template",
        choices=["contract", "service", "business"],
        help="the first cycle's built-in policy template (default contract)",
    )
    p.add_argument(
        "--example",
        action="store_true",
        help="write perfcode's example organisation instead (without its evidence keys)",
    )
    p.add_argument("--name", help="the company's name (default: the folder's name)")
    p.add_argument("--owner", help="the first person's id, the policy owner (default hr-lead)")
    p.add_argument("--owner-name", help="the first person's name")
    p.add_argument("--github", help="the first person's GitHub login")
    p.add_argument(
        "--cycle", help="the first cycle's id (default: the template's kind holding today)"
    )
    p.add_argument("--today", help="the day written as the first person's joining date")

    identity_help = (
        "your age identity file or SSH private key (default: $PERFCODE_IDENTITY, else "
        "~/.ssh/id_ed25519 or ~/.ssh/id_rsa)"
    )
    p = command(
        "edit",
        "Edit a record in $VISUAL/$EDITOR with the confidential words you may read opened; "
        "checked on save and sealed to exactly their readers (nothing written while it has "
        "errors).",
    )
    p.add_argument("path", metavar="PATH", help="the record, e.g. cycles/2026-H2/plans/sunli.yaml")
    add_root(p, positional=False)
    p.add_argument("--identity", metavar="KEY", help=identity_help)
    p.add_argument("--today", help="the day that decides who reads (leavers), YYYY-MM-DD")

    p = command(
        "show",
        "Print a record, or every record about a person, with the confidential words your key "
        "opens; the rest as locks. Exit 1 when there are sealed words and none opened.",
    )
    p.add_argument("target", metavar="PATH|PERSON", help="a record's path, or a person's id")
    add_root(p, positional=False)
    p.add_argument("--identity", metavar="KEY", help=identity_help)
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = command(
        "rekey",
        "Seal every record's confidential words to exactly their readers again (after a "
        "change of manager, a new policy owner, a key replaced, a leaver); list what your key "
        "cannot open (exit 1).",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="the records (default: all)")
    add_root(p, positional=False)
    p.add_argument("--identity", metavar="KEY", help=identity_help)
    p.add_argument("--today", help="the day that decides who reads (leavers), YYYY-MM-DD")
    p.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when anything would change"
    )
    p.add_argument(
        "--reseal",
        action="store_true",
        help="seal anew every value your key opens, even one that looks right (after an age1 "
        "key is replaced: an X25519 ciphertext does not show whose key it was for)",
    )
    p.add_argument("--format", choices=[*report.FORMATS, "markdown"], default="text")

    return parser
