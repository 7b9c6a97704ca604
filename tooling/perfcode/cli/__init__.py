"""The `perfcode` command: one small function per command, each returning an exit code.

0: clean; 1: problems found; 2: usage error (also: perfcode refused to write, or the file
system did); 130: interrupted (Ctrl-C). Mistakes in the records are problems, reported all
at once; an unexpected exception is a bug, reported in one sentence with the traceback
written to a log file of the user's own, never dumped on the user. Every file is written
through `perfcode.io.write`. Output that the terminal cannot encode is printed with
replacement characters, and a reader that goes away (`perfcode validate | head`) does not
change the exit code.
"""

from __future__ import annotations

import sys

try:  # Ctrl-C while Python loads perfcode: stop quietly, as at any other moment
    import argparse
    import io
    import os
    import stat
    import tempfile
    import time
    import traceback
    from collections.abc import Callable, Iterator, Sequence
    from contextlib import contextmanager
    from datetime import date
    from pathlib import Path

    from perfcode import __version__
    from perfcode.check import check_repository
    from perfcode.io import write as fsio
    from perfcode.model import Repository
    from perfcode.report import problems as report
    from perfcode.score.engine import CycleResult
except KeyboardInterrupt:
    sys.stderr.write("perfcode: interrupted\n")
    raise SystemExit(130) from None

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class UsageError(Exception):
    """A command was called wrongly (exit 2), with a sentence saying how."""


def _root(value: str, *, records: bool = True) -> Path:
    """The repository folder; with RECORDS, one that holds people/ or cycles/."""
    root = Path(value)
    if not root.is_dir():
        raise UsageError(f"{value} is not a folder")
    if records and not (root / "people").is_dir() and not (root / "cycles").is_dir():
        raise UsageError(
            f"{value} holds no records (no people/ or cycles/ folder): run perfcode in the "
            "repository's folder, or name that folder"
        )
    return root


def cmd_validate(args: argparse.Namespace) -> int:
    root = _root(args.root)
    result = check_repository(root)
    sys.stdout.write(report.render(result.problems, result.repository.documents, args.format))
    return EXIT_PROBLEMS if result.failed else EXIT_CLEAN


def _scored(
    root: Path, *, detail: bool = False
) -> tuple[Repository, dict[str, CycleResult]] | None:
    """Load, validate and score; None (the problems printed) when the records have errors.
    Problems in results.yaml itself do not block: it is the output being regenerated."""
    from perfcode.score import engine as scoring

    result = check_repository(root)
    if result.failed_before_scoring:
        sys.stdout.write(report.text(result.before_scoring, result.repository.documents))
        print("perfcode: the records have problems; fix them before scores are computed.")
        return None
    return result.repository, scoring.score_all(result.repository, detail=detail)


def _cycles(results: dict[str, CycleResult], cycle: str | None) -> list[CycleResult]:
    if cycle is None:
        return list(results.values())
    if cycle not in results:
        known = ", ".join(results) or "none"
        raise UsageError(f"there is no cycle {cycle} with a policy (cycles: {known})")
    return [results[cycle]]


def cmd_score(args: argparse.Namespace) -> int:
    from perfcode.report import results as out

    root = _root(args.root)
    if args.write and args.check:
        raise UsageError("use --write or --check, not both")
    scored = _scored(root)
    if scored is None:
        return EXIT_PROBLEMS
    selected = _cycles(scored[1], args.cycle)
    if not selected:
        if args.write or args.check:
            print(
                "no cycle has a policy yet (cycles/<cycle>/cycle.yaml): no results.yaml to "
                f"{'write' if args.write else 'check'}."
            )
            return EXIT_CLEAN
        raise UsageError(
            "there is no cycle to score yet: a cycle is a folder cycles/<cycle>/ with its "
            "policy in cycle.yaml (start one with `perfcode new cycle`)"
        )
    if args.write:  # every cycle's results.yaml, or none
        texts = {root / out.results_path(r.cycle): out.to_yaml(r) for r in selected}
        fsio.write_all(texts, root=root)
        for result in selected:
            print(f"wrote {out.results_path(result.cycle)}")
        return EXIT_CLEAN
    if args.check:
        stale = []
        for result in selected:
            target = root / out.results_path(result.cycle)
            committed = target.read_text(encoding="utf-8") if target.is_file() else None
            problem = out.compare(result.cycle, out.to_yaml(result), committed)
            if problem is not None:
                stale.append(problem)
        if stale:
            for p in stale:
                print(f"{p.path}:{p.line}:{p.column}: {p.code} {p.message}")
            print(f"perfcode: {len(stale)} results.yaml file(s) are stale.")
            return EXIT_PROBLEMS
        print(f"results.yaml is up to date for {', '.join(r.cycle for r in selected)}.")
        return EXIT_CLEAN
    if args.format == "json":
        sys.stdout.write(out.to_json(selected, single=args.cycle is not None))
    else:
        sys.stdout.write("\n".join(out.to_table(r) for r in selected))
    return EXIT_CLEAN


def cmd_explain(args: argparse.Namespace) -> int:
    from perfcode.explain import text as explain

    root = _root(args.root)
    scored = _scored(root, detail=True)
    if scored is None:
        return EXIT_PROBLEMS
    repo, results = scored
    if args.person not in repo.people:
        raise UsageError(f'there is no person "{args.person}" in people/')
    if args.cycle is not None:
        chosen = _cycles(results, args.cycle)[0]
    else:
        having = [r for r in results.values() if args.person in r.people]
        if not having:
            raise UsageError(f"{args.person} has no contract in any cycle")
        chosen = having[-1]
    if args.person not in chosen.people:
        raise UsageError(f"{args.person} has no contract in cycle {chosen.cycle}")
    print("\n".join(explain.explain(chosen, repo, args.person)))
    return EXIT_CLEAN


def cmd_export(args: argparse.Namespace) -> int:
    from perfcode.report import results as out

    root = _root(args.root)
    scored = _scored(root)
    if scored is None:
        return EXIT_PROBLEMS
    data = out.to_csv(_cycles(scored[1], args.cycle)).encode("utf-8-sig")
    if args.output:
        target = Path(args.output)
        fsio.write(target, data, root=target.parent, named=args.output)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return EXIT_CLEAN


def cmd_signatures(args: argparse.Namespace) -> int:
    import os

    from perfcode.io.github import DEFAULT_API, ApiError, GitHub
    from perfcode.signatures import base as basetree
    from perfcode.signatures import check as signcheck
    from perfcode.signatures import rules as sig

    root = _root(args.root, records=False)
    if args.pr < 1:
        raise UsageError("--pr must be a pull request number")

    def load_base(sha: str) -> basetree.Base:
        if basetree.has_commit(root, sha):
            return basetree.from_git(root, sha)
        if args.base_from_worktree:
            return basetree.from_worktree(root)
        raise UsageError(
            f"{root} does not hold the base commit {sha[:12]}; fetch it (git fetch), or pass "
            "--base-from-worktree when the folder is a checkout of the base branch"
        )

    today = _date(args.today).isoformat() if args.today else None
    api = os.environ.get("GITHUB_API_URL") or DEFAULT_API
    try:
        platform = GitHub(args.repo, os.environ.get("GITHUB_TOKEN"), api)
        check = signcheck.run(platform, args.pr, load_base, today)
    except (ApiError, basetree.BaseError) as exc:
        raise UsageError(str(exc)) from exc
    if args.action == "record":
        if check.pull.merged_at is None:
            raise UsageError(f"pull request #{args.pr} is not merged; record evidence after merge")
        for path, written in signcheck.record(check, root):
            print(f"{'wrote' if written else 'already recorded in'} {path}")
    elif args.format == "json":
        sys.stdout.write(sig.as_json_text(check.verdict, check.registry))
    else:
        sys.stdout.write(sig.text(check.verdict, check.pull, check.registry))
    return EXIT_CLEAN if check.verdict.complete else EXIT_PROBLEMS


def cmd_codeowners(args: argparse.Namespace) -> int:
    from perfcode.load import repository as load
    from perfcode.signatures import codeowners

    root = _root(args.root)
    repository, _problems = load.load_repository(root)
    if repository.org is None or not repository.people:
        raise UsageError(f"{root} has no readable people/ registry (run perfcode validate)")
    text = codeowners.render(repository.people, repository.org)
    target = root / codeowners.PATH
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != text:
            print(f"{codeowners.PATH} is stale: run `perfcode codeowners` and commit the result.")
            return EXIT_PROBLEMS
        print(f"{codeowners.PATH} is up to date.")
        return EXIT_CLEAN
    fsio.write(target, text, root=root)
    print(f"wrote {codeowners.PATH} ({len(repository.people)} people)")
    return EXIT_CLEAN


def cmd_sample(args: argparse.Namespace) -> int:
    from perfcode.scaffold import sample

    if args.people < 1:
        raise UsageError("--people must be at least 1")
    target = Path(args.dir)
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{target} is not empty; choose a new folder")
    files = sample.write(target, people=args.people, seed=args.seed)
    print(f"wrote a sample organisation of {args.people} people ({files} files) to {target}")
    return EXIT_CLEAN


def cmd_site(args: argparse.Namespace) -> int:
    from perfcode.problems import Problem
    from perfcode.site import build as sitebuild

    root = _root(args.root)
    today = _date(args.today).isoformat()
    out = Path(args.out) if args.out else None

    def problems(found: list[Problem], documents: int) -> None:
        sys.stdout.write(report.text(found, documents))
        print("perfcode: the records have problems; fix them before the site is built.")

    try:
        built = sitebuild.build(root, out=out, audience=args.audience, today=today, report=problems)
    except sitebuild.SiteError as exc:
        print(f"perfcode: the site could not be built: {exc}")
        return EXIT_PROBLEMS
    if built is None:
        return EXIT_PROBLEMS
    print(
        f"built the {args.audience} site: {built.pages} pages in {built.out} "
        f"(pages {built.generation_seconds:.1f} s, mkdocs {built.mkdocs_seconds:.1f} s)"
    )
    return EXIT_CLEAN


def _date(value: str | None, option: str = "--today") -> date:
    if value is None:
        return date.today()
    from perfcode.io.schemas import YEARS

    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{option} must be a date like 2027-01-20, not {value!r}") from exc
    if day.year not in YEARS:
        raise UsageError(
            f"{option} {value} is not a plausible day: dates lie between "
            f"{YEARS.start} and {YEARS.stop - 1}"
        )
    return day


def cmd_status(args: argparse.Namespace) -> int:
    from perfcode.workflow import status

    root = _root(args.root)
    today = _date(args.today)
    scored = _scored(root)
    if scored is None:
        return EXIT_PROBLEMS
    repo, results = scored
    if args.cycle is not None:
        if args.cycle not in repo.cycles or repo.cycles[args.cycle].policy is None:
            known = ", ".join(c for c in repo.cycle_ids() if repo.cycles[c].policy) or "none"
            raise UsageError(f"there is no cycle {args.cycle} with a policy (cycles: {known})")
        statuses = [status.cycle_status(repo, results.get(args.cycle), args.cycle, today)]
    else:
        statuses = status.current_statuses(repo, results, today)
    sys.stdout.write(status.render(statuses, repo, args.format))
    return EXIT_CLEAN


def cmd_new(args: argparse.Namespace) -> int:
    from perfcode.load import repository as load
    from perfcode.scaffold import new as scaffold

    root = _root(args.root)
    today = _date(args.today)
    try:
        if args.kind == "cycle":
            if not args.previous:
                raise UsageError("new cycle needs --from PREVIOUS (the cycle to copy)")
            repo, _problems = load.load_repository(root)
            source = root / "cycles" / args.previous / "cycle.yaml"
            if not source.is_file():
                raise UsageError(f"there is no cycles/{args.previous}/cycle.yaml to copy")
            made = scaffold.new_cycle(
                repo, source.read_text(encoding="utf-8"), args.name, args.previous
            )
        elif args.kind in ("contract", "review"):
            repo, _problems = load.load_repository(root)
            cycle = args.cycle or scaffold.latest_cycle(repo)
            if args.kind == "contract":
                made = scaffold.contract(repo, cycle, args.name)
            else:
                if not args.role:
                    raise UsageError("new review needs --role (self, manager, peer, ...)")
                made = scaffold.review(repo, cycle, args.name, args.role, args.rater)
        else:
            scored = _scored(root)
            if scored is None:
                return EXIT_PROBLEMS
            repo, results = scored
            cycle = args.cycle or scaffold.latest_cycle(repo)
            make = {
                "plan": scaffold.plan,
                "interview": scaffold.interview,
                "appeal": scaffold.appeal,
            }[args.kind]
            made = make(repo, results.get(cycle), cycle, args.name, today)
    except scaffold.ScaffoldError as exc:
        raise UsageError(str(exc)) from exc
    target = root / made.path
    if os.path.lexists(target):  # a link, even one pointing nowhere, is something that exists
        raise UsageError(f"{made.path} exists already; perfcode new never overwrites a file")
    fsio.write(target, made.text, root=root, new=True)
    print(f"wrote {made.path}")
    return EXIT_CLEAN


def cmd_diff(args: argparse.Namespace) -> int:
    from perfcode.io import git as gitrev
    from perfcode.report import diff
    from perfcode.score import engine as scoring

    root = _root(args.root, records=False)
    sides: list[tuple[str, Repository, dict[str, CycleResult]]] = []
    with tempfile.TemporaryDirectory(prefix="perfcode-diff-") as folder:
        for revision in (args.base, args.head):
            target = Path(folder) / str(len(sides))
            try:
                made = gitrev.materialise(root, revision, target)
            except gitrev.RevisionError as exc:
                raise UsageError(str(exc)) from exc
            result = check_repository(target)
            name = f"{revision} ({made.commit[:7]})"
            if made.problems or result.failed_before_scoring:
                shown = sorted([*made.problems, *result.before_scoring], key=lambda p: p.sort_key())
                sys.stdout.write(report.text(shown, result.repository.documents))
                print(f"perfcode: the records at {name} have problems; run perfcode validate.")
                return EXIT_PROBLEMS
            results = scoring.score_all(result.repository, detail=False)
            sides.append((name, result.repository, results))
    (base_name, base_repo, base), (head_name, head_repo, head) = sides
    found = diff.compare(base_repo, base, head_repo, head, base_name, head_name)
    sys.stdout.write(diff.render(found, args.format))
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

    p = command("score", cmd_score, "Compute scores and grades from each cycle's policy.")
    p.add_argument("root", nargs="?", default=".", help="the repository folder (default: .)")
    p.add_argument("--cycle", help="one cycle (default: every cycle)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write cycles/<cycle>/results.yaml")
    mode.add_argument(
        "--check", action="store_true", help="fail (exit 1) when a results.yaml is stale"
    )

    p = command("explain", cmd_explain, "Explain a person's score, from each rating to the grade.")
    p.add_argument("person", help="the person's id (people/<id>.yaml)")
    p.add_argument("root", nargs="?", default=".", help="the repository folder (default: .)")
    p.add_argument("--cycle", help="the cycle (default: the person's latest)")

    p = command("export", cmd_export, "Export scores, grades and pay ratios for payroll.")
    p.add_argument("root", nargs="?", default=".", help="the repository folder (default: .)")
    p.add_argument("--cycle", help="one cycle (default: every cycle)")
    p.add_argument("--format", choices=["csv"], default="csv")
    p.add_argument("--output", "-o", help="write to this file (default: standard output)")

    p = command(
        "signatures", cmd_signatures, "Check that everyone who must sign a pull request has."
    )
    p.add_argument(
        "action", nargs="?", choices=["record"], help="record: keep the evidence after merge"
    )
    p.add_argument("--repo", required=True, help="the repository, OWNER/NAME")
    p.add_argument("--pr", type=int, required=True, help="the pull request's number")
    p.add_argument("--root", default=".", help="the base checkout (default: .)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--base-from-worktree",
        action="store_true",
        help="read the registry from ROOT's files when ROOT lacks the base commit",
    )
    p.add_argument("--today", help="the date closed cycles are judged on (default: today)")

    p = command("codeowners", cmd_codeowners, "Write .github/CODEOWNERS from the registry.")
    p.add_argument("root", nargs="?", default=".", help="the repository folder (default: .)")
    p.add_argument("--check", action="store_true", help="fail (exit 1) when it is stale")

    p = command("sample", cmd_sample, "Write a valid synthetic organisation for trials.")
    p.add_argument("dir", help="an empty or new folder")
    p.add_argument("--people", type=int, required=True, help="how many people")
    p.add_argument("--seed", type=int, default=1, help="random seed (same seed, same files)")

    p = command("site", cmd_site, "Publish the policies and records as a static site (MkDocs).")
    p.add_argument("root", nargs="?", default=".", help="the repository folder (default: .)")
    p.add_argument("--out", help="the output folder (default: the site_dir of mkdocs.yml)")
    p.add_argument(
        "--audience",
        choices=["public", "private"],
        default="public",
        help="public: what each policy publishes; private: everything, for HR",
    )
    p.add_argument("--today", help="the day the dashboards report on, YYYY-MM-DD")

    p = command("status", cmd_status, "Who still owes what in the cycle, overdue items first.")
    p.add_argument("root", nargs="?", default=".", help="the repository folder (default: .)")
    p.add_argument("--cycle", help="one cycle (default: every cycle under way)")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.add_argument("--today", help="the day to report on, YYYY-MM-DD (default: today)")

    p = command("new", cmd_new, "Start a document from the policy and the registry.")
    p.add_argument("kind", choices=["contract", "review", "plan", "interview", "appeal", "cycle"])
    p.add_argument("name", help="the person's id (for cycle: the new cycle's id)")
    p.add_argument("--root", default=".", help="the repository folder (default: .)")
    p.add_argument("--cycle", help="the cycle (default: the latest cycle with a policy)")
    p.add_argument("--role", help="review: the rater's role (self, manager, peer, ...)")
    p.add_argument(
        "--rater", help="review: the rater (default: self → the person, manager → their manager)"
    )
    p.add_argument("--from", dest="previous", help="cycle: the cycle whose policy to copy")
    p.add_argument("--today", help="the date written into plans, interviews and appeals")

    p = command("diff", cmd_diff, "Which scores and grades change between two revisions.")
    p.add_argument("base", help="the base revision (a branch, tag or commit)")
    p.add_argument("head", help="the head revision")
    p.add_argument("--root", default=".", help="the git repository (default: .)")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with _standard_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    try:
        parser = _parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_USAGE
        code: int = args.func(args)
        return code
    except UsageError as exc:
        print(f"perfcode: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (fsio.Refused, fsio.WriteFailed) as exc:  # what would be lost, and that it was not
        print(f"perfcode: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as exc:
        print(f"perfcode: {str(exc) or 'interrupted'}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # standard error went away, or output not through _standard_output
        _discard_output()
        return EXIT_PROBLEMS  # the result could not be shown: never report success
    except OSError as exc:  # the file system refused: a folder that does not exist, a file
        # where a folder should be, no permission. The user's path, not a bug in perfcode.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"perfcode: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # one handler for bugs: a sentence, and the details in a log
        return _bug(exc)


def _bug(exc: Exception) -> int:
    details = traceback.format_exc()
    summary = (
        f"perfcode: internal error ({type(exc).__name__}: {exc}). This is a bug in perfcode, "
        "not in your records"
    )
    try:
        log = bug_log(details)
    except OSError as why:
        reason = why.strerror or str(why)
        print(
            f"{summary}; the details could not be written to a log ({reason}):\n{details}",
            file=sys.stderr,
            end="",
        )
    else:
        print(f"{summary}; the details are in {log}.", file=sys.stderr)
    return EXIT_BUG


def bug_log_folder() -> Path:
    """Where bug reports go: $XDG_STATE_HOME/perfcode, or ~/.local/state/perfcode."""
    state = os.environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(state):  # the XDG rule: a relative value is ignored
        state = os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "perfcode"


def bug_log(details: str) -> Path:
    """Write DETAILS to a new file of the user's own (mode 0600, never through a link)."""
    folder = bug_log_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        raise OSError(f"{folder} is not a folder of yours")
    # mkstemp: a new name (O_EXCL, so no link is followed), readable by the user alone
    stamp = time.strftime("%Y%m%d-%H%M%S")
    fd, name = tempfile.mkstemp(prefix=f"error-{stamp}-", suffix=".log", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(details)
    return Path(name)


class _Sink(io.RawIOBase):
    """Standard output's file descriptor; once its reader has gone (a closed pipe), the rest
    of the output is discarded, so the command still finishes and keeps its exit code."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.gone = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def write(self, data: object) -> int:
        size = len(memoryview(data))  # type: ignore[arg-type]
        if not self.gone:
            try:
                return os.write(self.fd, data)  # type: ignore[arg-type]
            except BrokenPipeError:
                self.gone = True
                _discard_output()
        return size


def _discard_output() -> None:
    """Point standard output at the null device (the Python documentation's recipe), so
    nothing fails again when Python flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)
    except (OSError, ValueError):
        pass


@contextmanager
def _standard_output() -> Iterator[None]:
    """Replacement characters where the terminal cannot show Chinese; a closed pipe on the
    real standard output is not an error."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    original = sys.stdout
    if (
        original is None
        or original is not sys.__stdout__
        or not isinstance(original, io.TextIOWrapper)
    ):
        yield
        return
    try:
        fd = original.fileno()
        original.flush()
    except (OSError, ValueError):
        yield
        return
    safe = io.TextIOWrapper(
        io.BufferedWriter(_Sink(fd)),
        encoding=original.encoding,
        errors="replace",
        line_buffering=original.line_buffering,
    )
    sys.stdout = safe
    try:
        yield
    finally:
        safe.flush()
        sys.stdout = original
