"""The `perfcode` command: parse the command line, run one command, map what escapes it.

0: clean; 1: problems found; 2: usage error (also: perfcode refused to write, or the file
system did); 130: interrupted (Ctrl-C). Mistakes in the records are problems, reported all
at once; an unexpected exception is a bug, reported in one sentence with the traceback
written to a log file of the user's own, never dumped on the user (`cli.errors`). Every file
is written through `perfcode.io.write`. Output that the terminal cannot encode is printed
with replacement characters, and a reader that goes away (`perfcode validate | head`) does
not change the exit code (`cli.output`). The parser is `cli.parser`; each command is a
module of `cli.commands` whose `run` takes typed keyword arguments.
"""

from __future__ import annotations

import sys

# Ctrl-C while the command loads: perfcode/__init__.py's handler exits 130 quietly; where it
# is not installed (a host program's handler), a KeyboardInterrupt meanwhile ends the same way
try:
    import argparse
    import importlib
    from collections.abc import Callable, Sequence

    from perfcode import _quiet_interrupts
    from perfcode.cli import parser as cli_parser
    from perfcode.cli.errors import error_handler
    from perfcode.cli.output import standard_output
    from perfcode.errors import EXIT_USAGE
except KeyboardInterrupt:
    sys.stderr.write("perfcode: interrupted\n")
    raise SystemExit(130) from None

__all__ = ["console", "main"]


def main(argv: Sequence[str] | None = None, *, detach: bool = False) -> int:
    """Run `perfcode ARGV`; the exit code. The cache of what the command's loads read is
    written when it is over (DETACH: by a process of its own, see `load.cache.deferred`)."""
    from perfcode.load import cache

    with cache.deferred(detach=detach), standard_output(), error_handler() as outcome:
        _quiet_interrupts(False)  # start-up is over: the guard reports Ctrl-C from here on
        outcome.code = _run(argv)
    return outcome.code


def console() -> int:
    """The `perfcode` command itself: `main`, nobody waiting for the cache's writing."""
    return main(detach=True)


def _run(argv: Sequence[str] | None) -> int:
    parser = cli_parser.build()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if getattr(args, "no_cache", False):
        from perfcode.load import cache

        cache.disable()
    return dispatch(args)


#: the module of `cli.commands` that holds a command, where it is not the command's name
_MODULES = {"import": "import_"}


def dispatch(args: argparse.Namespace) -> int:
    """The parsed command line, handed to its command as typed keyword arguments. Only
    that command's module is imported (the others' imports are not paid for)."""
    a = args
    module = importlib.import_module(f"perfcode.cli.commands.{_MODULES.get(a.command, a.command)}")
    run: Callable[..., int] = module.run
    match a.command:
        case "validate":
            return run(root=a.root, format=a.format, base=a.base)
        case "score":
            return run(
                root=a.root,
                cycle=a.cycle,
                format=a.format,
                write=a.write,
                check=a.check,
                selection=cli_parser.selection(a),
            )
        case "publish":
            return run(cycle=a.cycle, root=a.root, today=a.today, incomplete=a.incomplete)
        case "explain":
            return run(person=a.person, root=a.root, cycle=a.cycle)
        case "export":
            return run(
                root=a.root,
                cycle=a.cycle,
                output=a.output,
                format=a.format,
                selection=cli_parser.selection(a),
            )
        case "import":
            return run(
                what=a.what,
                file=a.file,
                root=a.root,
                cycle=a.cycle,
                sheet=a.sheet,
                mark_left=a.mark_left,
                dry_run=a.dry_run,
            )
        case "signatures":
            return run(
                action=a.action,
                repo=a.repo,
                pr=a.pr,
                commit=a.commit,
                root=a.root,
                format=a.format,
                post_check=a.post_check,
                depth=a.depth,
                today=a.today,
            )
        case "verify":
            return run(root=a.root, ref=a.ref, format=a.format, keys=a.keys)
        case "check":
            return run(root=a.root)
        case "codeowners":
            return run(root=a.root, check=a.check)
        case "sample":
            return run(folder=a.dir, people=a.people, seed=a.seed)
        case "site":
            return run(
                root=a.root, out=a.out, audience=a.audience, today=a.today, identity=a.identity
            )
        case "status":
            return run(
                root=a.root,
                cycle=a.cycle,
                format=a.format,
                today=a.today,
                selection=cli_parser.selection(a),
            )
        case "new":
            return run(
                kind=a.kind,
                name=a.name,
                root=a.root,
                cycle=a.cycle,
                role=a.role,
                rater=a.rater,
                previous=a.previous,
                today=a.today,
                template=a.template,
                every=a.every,
                department=a.department if a.kind != "person" else None,
                person=module.PersonFields(
                    name=a.person_name,
                    department=a.department if a.kind == "person" else None,
                    manager=a.person_manager,
                    group=a.person_group,
                    title=a.person_title,
                    github=a.person_github,
                    email=a.person_email,
                    joined=a.person_joined,
                ),
            )
        case "diff":
            return run(
                base=a.base,
                head=a.head,
                root=a.root,
                format=a.format,
                decrypt=a.decrypt,
                identity=a.identity,
            )
        case "init":
            return run(
                folder=a.dir,
                example=a.example,
                language=a.language,
                template=a.template,
                name=a.name,
                owner=a.owner,
                owner_name=a.owner_name,
                github=a.github,
                cycle=a.cycle,
                today=a.today,
            )
        case "edit":
            return run(path=a.path, root=a.root, identity=a.identity, today=a.today)
        case "show":
            return run(target=a.target, root=a.root, identity=a.identity, format=a.format)
        case "rekey":
            return run(
                paths=a.paths,
                root=a.root,
                identity=a.identity,
                today=a.today,
                check=a.check,
                again=a.reseal,
                format=a.format,
            )
    raise AssertionError(f"the parser knows a command without a module: {a.command}")
