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
    from collections.abc import Sequence

    from perfcode import _quiet_interrupts
    from perfcode.cli import parser as cli_parser
    from perfcode.cli.commands import (
        check,
        codeowners,
        diff,
        edit,
        explain,
        export,
        import_,
        init,
        new,
        publish,
        rekey,
        sample,
        score,
        show,
        signatures,
        site,
        status,
        validate,
        verify,
    )
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


def dispatch(args: argparse.Namespace) -> int:
    """The parsed command line, handed to its command as typed keyword arguments."""
    a = args
    match a.command:
        case "validate":
            return validate.run(root=a.root, format=a.format, base=a.base)
        case "score":
            return score.run(
                root=a.root,
                cycle=a.cycle,
                format=a.format,
                write=a.write,
                check=a.check,
                selection=cli_parser.selection(a),
            )
        case "publish":
            return publish.run(cycle=a.cycle, root=a.root, today=a.today, incomplete=a.incomplete)
        case "explain":
            return explain.run(person=a.person, root=a.root, cycle=a.cycle)
        case "export":
            return export.run(
                root=a.root,
                cycle=a.cycle,
                output=a.output,
                format=a.format,
                selection=cli_parser.selection(a),
            )
        case "import":
            return import_.run(
                what=a.what,
                file=a.file,
                root=a.root,
                cycle=a.cycle,
                sheet=a.sheet,
                mark_left=a.mark_left,
                dry_run=a.dry_run,
            )
        case "signatures":
            return signatures.run(
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
            return verify.run(root=a.root, ref=a.ref, format=a.format, keys=a.keys)
        case "check":
            return check.run(root=a.root)
        case "codeowners":
            return codeowners.run(root=a.root, check=a.check)
        case "sample":
            return sample.run(folder=a.dir, people=a.people, seed=a.seed)
        case "site":
            return site.run(
                root=a.root, out=a.out, audience=a.audience, today=a.today, identity=a.identity
            )
        case "status":
            return status.run(
                root=a.root,
                cycle=a.cycle,
                format=a.format,
                today=a.today,
                selection=cli_parser.selection(a),
            )
        case "new":
            return new.run(
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
                person=new.PersonFields(
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
            return diff.run(
                base=a.base,
                head=a.head,
                root=a.root,
                format=a.format,
                decrypt=a.decrypt,
                identity=a.identity,
            )
        case "init":
            return init.run(
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
            return edit.run(path=a.path, root=a.root, identity=a.identity, today=a.today)
        case "show":
            return show.run(target=a.target, root=a.root, identity=a.identity, format=a.format)
        case "rekey":
            return rekey.run(
                paths=a.paths,
                root=a.root,
                identity=a.identity,
                today=a.today,
                check=a.check,
                again=a.reseal,
                format=a.format,
            )
    raise AssertionError(f"the parser knows a command without a module: {a.command}")
