"""The `perfcode` command: one small function per command, each returning an exit code.

0: clean; 1: problems found; 2: usage error. Mistakes in the records are problems,
reported all at once; an unexpected exception is a bug, reported in one sentence with
the traceback written to a log file, never dumped on the user.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from perfcode import __version__, report
from perfcode.check import check_repository

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command was called wrongly (exit 2), with a sentence saying how."""


def _root(value: str) -> Path:
    root = Path(value)
    if not root.is_dir():
        raise UsageError(f"{value} is not a folder")
    return root


def cmd_validate(args: argparse.Namespace) -> int:
    root = _root(args.root)
    result = check_repository(root)
    sys.stdout.write(report.render(result.problems, result.repository.documents, args.format))
    return EXIT_PROBLEMS if result.failed else EXIT_CLEAN


def cmd_sample(args: argparse.Namespace) -> int:
    from perfcode import sample

    if args.people < 1:
        raise UsageError("--people must be at least 1")
    target = Path(args.dir)
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty; choose a new folder")
    files = sample.write(target, people=args.people, seed=args.seed)
    print(f"wrote a sample organisation of {args.people} people ({files} files) to {target}")
    return EXIT_CLEAN


Command = Callable[[argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfcode",
        description="Performance management as code: validate, score and publish the records.",
    )
    parser.add_argument("--version", action="version", version=f"perfcode {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Command, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = command("validate", cmd_validate, "Check every record against its schema and the rules.")
    p.add_argument("root", nargs="?", default=".", help="the repository folder (default: .)")
    p.add_argument("--format", choices=[*report.FORMATS, "markdown"], default="text")

    p = command("sample", cmd_sample, "Write a valid synthetic organisation for trials.")
    p.add_argument("dir", help="an empty or new folder")
    p.add_argument("--people", type=int, required=True, help="how many people")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code: int = args.func(args)
        return code
    except UsageError as exc:
        print(f"perfcode: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
    except Exception as exc:  # one handler for bugs: a sentence, and the details in a log
        log = Path(tempfile.gettempdir()) / "perfcode-error.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(
            f"perfcode: internal error ({type(exc).__name__}: {exc}). This is a bug in perfcode, "
            f"not in your records; the details are in {log}.",
            file=sys.stderr,
        )
        return 3
