"""`perfcode init`: a company's own repository, in a new or empty folder (all files or none)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from perfcode.errors import EXIT_CLEAN, PerfcodeError
from perfcode.i18n import Labels
from perfcode.io import write as fsio
from perfcode.problems import quoted

if TYPE_CHECKING:
    from perfcode.scaffold.init import Written

#: the options that shape a new company's records, which --example (written as it is) refuses
_COMPANY_OPTIONS = (
    *("--language", "--template", "--name", "--owner", "--owner-name", "--github", "--cycle"),
)


def run(
    *,
    folder: str,
    example: bool,
    language: str | None,
    template: str | None,
    name: str | None,
    owner: str | None,
    owner_name: str | None,
    github: str | None,
    cycle: str | None,
    today: str | None,
) -> int:
    from perfcode import clock
    from perfcode.scaffold import init

    target = _new_or_empty(folder)
    given = (language, template, name, owner, owner_name, github, cycle)
    if example:
        named = [o for o, v in zip(_COMPANY_OPTIONS, given, strict=True) if v is not None]
        if named:
            raise PerfcodeError(
                f"init --example writes the example organisation as it is: leave out "
                f"{', '.join(named)}"
            )
        written = init.example_repository()
    else:
        chosen = language or "zh"
        company = init.Company(
            name=name if name is not None else Path(os.path.abspath(folder)).name,
            language=chosen,
            template=template or "contract",
            owner=owner or init.DEFAULT_OWNER,
            owner_name=owner_name or init.DEFAULT_OWNER_NAME[chosen],
            github=github or init.DEFAULT_GITHUB,
            today=clock.real(today),
            cycle=cycle,
        )
        written = init.company_repository(company)
    _write(target, written)
    _report(folder, written, example=example, template=template or "contract")
    return EXIT_CLEAN


def _new_or_empty(folder: str) -> Path:
    """The folder FOLDER names, refused unless it is new or an empty folder, and no part
    of the name as typed is a link."""
    target = fsio.typed_path(folder)
    if ".git" in target.parts:  # git's own folder: a repository there is never checked out
        raise PerfcodeError(
            f"{folder} lies in a .git folder, which holds a git repository; name a folder "
            "outside it"
        )
    if os.path.lexists(target):
        if os.path.islink(target) or not os.path.isdir(target):
            raise PerfcodeError(f"{folder} is not a folder; name a new or empty folder")
        entries = sorted(os.listdir(target))
        if entries:
            more = f" and {len(entries) - 3} more" if len(entries) > 3 else ""
            raise PerfcodeError(
                f"{folder} is not empty (it holds {', '.join(entries[:3])}{more}); perfcode "
                "init writes a repository only into a new or empty folder"
            )
    return target


def _write(target: Path, written: Written) -> None:
    """Every file or none; a folder made for them is removed again when writing fails."""
    made = not os.path.lexists(target)
    target.mkdir(parents=True, exist_ok=True)
    try:
        fsio.write_all(
            {target / one.path: one.text for one in written.files}, root=target, new=True
        )
    except BaseException:
        if made and not os.listdir(target):
            os.rmdir(target)
        raise


def _report(folder: str, written: Written, *, example: bool, template: str) -> None:
    """What was written, in the new repository's language."""
    shown = folder.rstrip("/") or "/"
    t = Labels(written.language)
    if example:
        print(t.say("init_example", company=quoted(written.company), folder=shown))
        print(t.say("init_left_out", files=t.say("list").join(written.left_out)))
        if written.demo_keys is not None:
            print(t.say("init_demo_keys", folder=written.demo_keys))
    else:
        count = len(written.files)
        files = t.say("one_file") if count == 1 else t.say("n_files", n=count)
        print(
            t.say(
                "init_company",
                company=quoted(written.company),
                folder=shown,
                language=written.language,
                template=template,
                cycle=written.cycle,
                files=files,
            )
        )
        for one in written.files:
            print(f"  {one.path}")
    print(t.say("init_next", folder=shown))
