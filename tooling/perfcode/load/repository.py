"""The only reader of files: a repository folder → documents and problems.

Walks `people/` and `cycles/`, decides each file's kind from its path, reads it within
limits (size, encoding), parses it with the perfcode YAML dialect, checks it against its
kind's schema and builds the typed documents. Every mistake becomes a problem; nothing
a user writes raises. `locate` gives line and column to problems that only know a
pointer, composing just the files that have such problems.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from perfcode import model as m
from perfcode.io import files
from perfcode.io import git as gitrev
from perfcode.io import yaml as yamlio
from perfcode.io.schemas import BUNDLED, SCHEMA_FOLDER, Schemas, schema_dir
from perfcode.layout import (
    ID,
    YEARS,
    Place,
    classify,
    device_name,
    fold,
    has_modeline,
    in_years,
    modeline_for,
    parse_cycle,
)
from perfcode.layout import (
    PLACES as PLACES,  # re-exported: the places are perfcode.layout's
)
from perfcode.load import build, cache, version
from perfcode.memory import paused_gc
from perfcode.problems import Problem, Severity, error, quoted, warning

MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: far above any record a person writes
#: files perfcode writes itself grow with the organisation (results.yaml is about 1.2 MB at
#: 5,000 people, signatures.yaml about 1.5 KB a merged pull request): their own limit
GENERATED_MAX_BYTES = 64 * 1024 * 1024
GENERATED_KINDS = frozenset(("results", "signatures"))


def max_bytes(path: str, place: Place | None = None) -> int:
    """The size limit of a file found by a walk (its PLACE when known): a record's, or a
    generated file's."""
    place = place or classify(path)
    return (
        GENERATED_MAX_BYTES
        if place is not None and place.kind in GENERATED_KINDS
        else MAX_FILE_BYTES
    )


_ID = re.compile(rf"^{ID}\Z")  # \Z: "$" would also match before a final line break

#: the folders a repository keeps its records in
RECORD_FOLDERS = ("people", "cycles")
#: files that may sit anywhere among the records without being documents
IGNORED_SUFFIXES = (".md",)
IGNORED_NAMES = (".gitkeep", ".DS_Store")


_PERSON_FOLDERS = ("contracts", "checkins", "adjustments", "interviews", "plans", "appeals")
_CYCLE_HELP = (
    "a cycle folder holds cycle.yaml, goals.yaml, calibration.yaml, results.yaml and "
    "signatures.yaml, and the "
    "folders contracts/, reviews/, checkins/, adjustments/, interviews/, plans/ and appeals/"
)


def _twins(paths: Iterable[str]) -> dict[str, str]:
    """Each path that another path equals after `fold`, with that other path (the one
    with a valid name when there is one)."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        groups.setdefault(fold(path), []).append(path)
    twins: dict[str, str] = {}
    for group in groups.values():
        if len(group) > 1:
            best = sorted(group, key=lambda path: classify(path) is None)
            for path in group:
                twins[path] = best[0] if best[0] != path else best[1]
    return twins


def _bad_name(parts: list[str]) -> tuple[str, str] | None:
    """The first file or folder name that is not an id (cycle names excepted), and why."""
    for i, part in enumerate(parts[1:], start=1):
        if parts[0] == "cycles" and i == 1:
            continue
        name = quoted(part)
        if device_name(part):
            device = fold(part.split(".", 1)[0].rstrip(" ")).upper()
            return part, (
                f"the name {name} cannot be checked out on Windows, where {device} is the "
                "name of a device (so are CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9, "
                "in any case and with any extension): choose another id"
            )
        stem = part[: -len(".yaml")] if part.endswith(".yaml") else part
        if part in ("..", ".") or not _ID.match(stem):
            if part not in ("..", ".") and _ID.match(fold(stem)):
                return part, (
                    f"the name {name} is not allowed: file and folder names are ids, written "
                    f"in lower-case letters, digits, - and _: rename it {quoted(fold(part))}"
                )
            return part, (
                f"the name {name} is not allowed: file and folder names are ids, written in "
                "lower-case letters, digits, - and _ (for example wanghongjun.yaml)"
            )
    return None


def top_level_twins(root: Path) -> list[Problem]:
    """A folder beside people/, cycles/ or schemas/ whose name equals theirs after `fold`
    (People/, CYCLES/, ｐｅｏｐｌｅ/): perfcode reads only the exact name, so whatever it
    holds would go unchecked, and on Windows or macOS the two folders become one."""
    own = (*RECORD_FOLDERS, SCHEMA_FOLDER)
    try:
        with os.scandir(root) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError:  # the walk of the records reports a folder it cannot read
        return []
    problems = []
    for name in names:
        folded = fold(name)
        if folded not in own or name == folded or files.undecodable(name):
            continue
        if name.casefold() == folded:
            how = f"{quoted(name)} differs from {folded} only in capitals"
        else:
            how = f"{quoted(name)} is {folded} written in full-width or other look-alike letters"
        reads = f"perfcode reads only {folded}/, so nothing in {quoted(name)} is checked"
        if folded in names:
            apart = (
                "on Windows and macOS the two become one folder"
                if name.casefold() == folded
                else "nobody can tell the two folders apart"
            )
            message = f"{how}: {reads}, and {apart}; move its files into {folded}/ and delete it"
            problems.append(error(name, "PC027", message).at(1, 1))
        else:
            problems.append(error(name, "PC035", f"{how}: {reads}; rename it {folded}").at(1, 1))
    return problems


def _misplaced(path: str, twins: Mapping[str, str] | None = None) -> Problem:
    """Why no kind of document lives at `path`, in words that say what to do."""
    parts = path.split("/")
    name = parts[-1]
    if len(parts) == 1:
        return error(
            path, "PC008", f"{name} should be a folder ({name}/) holding the records, not a file"
        ).at(1, 1)
    if name.endswith(".yml"):
        return error(
            path, "PC008", f'rename "{name}" to end in .yaml (perfcode reads .yaml files)'
        ).at(1, 1)
    if not name.endswith(".yaml"):
        return error(
            path,
            "PC008",
            f'"{name}" is not a .yaml file; people/ and cycles/ hold only records '
            "(and .md notes): move it elsewhere",
        ).at(1, 1)
    if parts[0] == "cycles" and len(parts) > 2 and parse_cycle(parts[1]) is None:
        return error(
            path,
            "PC008",
            f"{quoted(parts[1])} is not a cycle name: use 2026, 2026-H2, 2026-Q3 or 2026-07",
        ).at(1, 1)
    if parts[0] == "cycles" and len(parts) > 2 and not in_years(parts[1]):
        return error(
            path,
            "PC008",
            f'the cycle "{parts[1]}" lies outside the years perfcode holds records for '
            f"({YEARS.start} to {YEARS.stop - 1}); perhaps a typing slip in the folder name",
        ).at(1, 1)
    bad = _bad_name(parts)
    twin = (twins or {}).get(path)
    if bad is not None and twin is not None:
        keep = (
            f"keep only {twin}"
            if classify(twin) is not None
            else "keep one of them, named in lower-case letters, digits, - and _"
        )
        if path.casefold() == twin.casefold():
            why = (
                "differ only in capitals: Windows and macOS do not tell capitals apart, so "
                "one file would overwrite the other when the repository is checked out there"
            )
        else:
            why = (
                "are the same name written in different characters (full-width or other "
                "look-alike letters), so nobody can tell the two files apart"
            )
        return error(path, "PC027", f"{quoted(path)} and {quoted(twin)} {why}; {keep}").at(1, 1)
    if bad is not None:
        return error(path, "PC035", bad[1]).at(1, 1)
    if parts[0] == "people":
        message = (
            "people/ holds org.yaml and one file per person directly inside it "
            f"(people/<id>.yaml), not in subfolders: move this file to people/{name}"
        )
    elif len(parts) == 2:
        message = "cycles/ holds one folder per cycle (for example cycles/2026-H2/)"
    elif len(parts) == 3:
        message = f'no kind of document is called "{name}" in a cycle folder; {_CYCLE_HELP}'
    elif parts[2] == "reviews" and len(parts) == 5:
        message = (
            "a review is named <role>-<rater>.yaml, where the role is self, manager, peer, "
            "subordinate or customer (for example manager-linzong.yaml)"
        )
    elif parts[2] == "reviews":
        message = "reviews live at reviews/<person>/<role>-<rater>.yaml"
    elif parts[2] in _PERSON_FOLDERS:
        message = f"{parts[2]}/ holds one file per person ({parts[2]}/<person>.yaml), no subfolders"
    else:
        message = f'a cycle folder has no "{parts[2]}" folder; {_CYCLE_HELP}'
    return error(path, "PC008", message).at(1, 1)


@dataclass(slots=True)
class _CycleParts:
    policy: m.Policy | None = None
    goals: m.Goals | None = None
    contracts: dict[str, m.Contract] = field(default_factory=dict)
    reviews: list[m.Review] = field(default_factory=list)
    checkins: dict[str, m.Checkins] = field(default_factory=dict)
    adjustments: dict[str, m.Adjustments] = field(default_factory=dict)
    calibration: m.Calibration | None = None
    interviews: dict[str, m.Interview] = field(default_factory=dict)
    plans: dict[str, m.Plan] = field(default_factory=dict)
    appeals: dict[str, m.Appeal] = field(default_factory=dict)
    signatures: tuple[m.SignatureRecord, ...] = ()

    def freeze(self, cycle_id: str) -> m.Cycle:
        return m.Cycle(
            id=cycle_id,
            policy=self.policy,
            goals=self.goals,
            contracts=self.contracts,
            reviews=tuple(self.reviews),
            checkins=self.checkins,
            adjustments=self.adjustments,
            calibration=self.calibration,
            interviews=self.interviews,
            plans=self.plans,
            appeals=self.appeals,
            signatures=self.signatures,
        )


@dataclass(slots=True)
class _Collector:
    """Mutable state of one load; frozen into a Repository at the end."""

    problems: list[Problem] = field(default_factory=list)
    org: m.Org | None = None
    people: dict[str, m.Person] = field(default_factory=dict)
    cycles: dict[str, _CycleParts] = field(default_factory=dict)
    documents: int = 0
    blobs: dict[str, str] = field(default_factory=dict)
    kinds: set[str] = field(default_factory=set)

    def cycle(self, cycle_id: str) -> _CycleParts:
        return self.cycles.setdefault(cycle_id, _CycleParts())


def walk(root: Path) -> Iterator[str]:
    """Repository-relative paths of every regular file among the records, sorted."""
    yield from files.walk(root, RECORD_FOLDERS).files


def read_text(
    root: Path, path: str, overrides: Mapping[str, str] | None = None
) -> tuple[str | None, list[Problem]]:
    """The text of a file found by a walk, or the problems that keep it from being read
    (a link, a pipe or a device is never opened: see `files`)."""
    text, _, problems = _read(root, path, overrides)
    return text, problems


def _read(
    root: Path,
    path: str,
    overrides: Mapping[str, str] | None = None,
    fetched: Mapping[str, bytes] | None = None,
) -> tuple[str | None, str | None, list[Problem]]:
    """(text, git blob id, problems) of a file found by a walk. OVERRIDES: texts that
    stand for files (a record being edited, judged before it is written); FETCHED: the
    bytes of a revision's files (read from git, not from ROOT)."""
    data, blob, problems = _bytes(root, path, overrides, fetched=fetched)
    if data is None:
        return None, None, problems
    text, more = _decode(path, data)
    return text, blob if text is not None else None, [*problems, *more]


def _bytes(
    root: Path,
    path: str,
    overrides: Mapping[str, str] | None = None,
    place: Place | None = None,
    fetched: Mapping[str, bytes] | None = None,
) -> tuple[bytes | None, str | None, list[Problem]]:
    """(bytes, git blob id, problems) of a file found by a walk (at PLACE when known), read
    within its limit (from FETCHED, a revision's files, when given)."""
    if overrides is not None and path in overrides:
        data = overrides[path].encode("utf-8")
        return data, gitrev.blob_id(data), []
    limit = max_bytes(path, place)
    try:
        if fetched is not None:
            data = fetched[path]
            if len(data) > limit:
                raise files.TooLarge(len(data))
        else:
            data = files.read(root, path, limit, folders_checked=True)
    except files.Refused as refused:
        return None, None, [refused.problem]
    except files.TooLarge as large:
        return (
            None,
            None,
            [
                error(
                    path,
                    "PC004",
                    f"the file is {large.size / 1024 / 1024:.1f} MB, far too large for a record "
                    f"(the limit is {limit / 1024 / 1024:g} MB); "
                    "check that this is the file you meant to add",
                ).at(1, 1)
            ],
        )
    except OSError as exc:
        return None, None, [files.unreadable_problem(path, exc.strerror or type(exc).__name__)]
    return data, gitrev.blob_id(data), []


def _decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """The text of a file's bytes (None when it is not UTF-8 text), and its problems."""
    if b"\x00" in data:
        return None, [
            error(
                path, "PC005", "this is a binary file (an image, a spreadsheet...), not YAML text"
            ).at(1, 1)
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(path, "PC005", "the file is not UTF-8 text (perhaps GBK); save it as UTF-8").at(
                line, column
            )
        ]
    if text.startswith("\ufeff"):
        bom = warning(
            path,
            "PC043",
            "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
        ).at(1, 1)
        return text[1:], [bom]
    return text, []


def _modeline(path: str, kind: str, text: str) -> Problem | None:
    if has_modeline(text, kind):
        return None
    line = modeline_for(path, kind).rstrip("\n")
    return warning(
        path, "PC042", f'start the file with the line "{line}" so editors check it as you type'
    ).at(1, 1)


def load_repository(
    root: Path,
    overrides: Mapping[str, str] | None = None,
    listing: gitrev.Listing | None = None,
) -> tuple[m.Repository, list[Problem]]:
    """Read every record under `root`; return the documents and the problems found.
    Raises `version.NeedsNewerPerfcode` (exit 1) when people/org.yaml asks for a newer
    perfcode: nothing is read then (`check` reports it as the repository's one problem).
    OVERRIDES: repository-relative path → the text read instead of that file (which must
    exist: `perfcode edit` judges the record it is about to write). LISTING: the records
    are a git revision's (`git.listing`; ROOT then holds its schemas/ alone): a file whose
    content the cache holds is not read at all, the others in one batch from git."""
    with paused_gc():
        return _load_repository(root, overrides, listing)


def _load_repository(
    root: Path,
    overrides: Mapping[str, str] | None = None,
    listing: gitrev.Listing | None = None,
) -> tuple[m.Repository, list[Problem]]:
    schema_folder = schema_dir(root)
    schemas = Schemas(schema_folder)
    store = cache.open_cache(cache_root(root, listing), schema_folder)
    state = _Collector()
    found = files.walk(root, RECORD_FOLDERS) if listing is None else _listed(listing)
    fetched = None if listing is None else _fetch(listing, found.files, store)
    if version.ORG in found.files:
        state.problems.extend(_minimum_version(root, fetched))
    state.problems.extend(found.problems)
    state.problems.extend(files.walk(root, (SCHEMA_FOLDER,)).problems)
    state.problems.extend(top_level_twins(root))
    twins = _twins(found.files)
    for path in found.files:
        name = path.rsplit("/", 1)[-1]
        if name.endswith(IGNORED_SUFFIXES) or name in IGNORED_NAMES:
            continue
        place = classify(path) if store is None else store.place(path)
        if place is None:
            state.problems.append(_misplaced(path, twins))
            continue
        known = None if listing is None else listing.blobs[path]
        _load_one(root, path, place, schemas, state, overrides, store, known, fetched)
    _compile_used(schemas, state.kinds, store)
    if store is not None:
        cache.keep(store)
    state.problems.extend(p for p in schemas.problems if p not in state.problems)
    repo = m.Repository(
        root=str(root),
        org=state.org,
        people=state.people,
        cycles={
            cycle_id: parts.freeze(cycle_id) for cycle_id, parts in sorted(state.cycles.items())
        },
        documents=state.documents,
        broken=frozenset(p.path for p in state.problems if p.severity is Severity.ERROR),
        blobs=state.blobs,
    )
    return repo, state.problems


def _compile_used(schemas: Schemas, kinds: set[str], store: cache.Cache | None) -> None:
    """Compile the schema of every kind the load met: a repository's schema that cannot be
    used is a problem whether or not a file needed it. The problems of compiling a kind's
    schema are the cache's too (its namespace holds the schemas' content)."""
    if schemas.folder == BUNDLED:
        return
    for kind in sorted(kinds):
        known = store.schemas.get(kind) if store is not None else None
        if known is not None:
            schemas.problems.extend(p for p in known if p not in schemas.problems)
            continue
        schemas[kind]
        if store is not None:
            name = f"/{kind}.schema.json"
            own = tuple(p for p in schemas.problems if p.path.endswith(name))
            store.schema_checked(kind, own)


def cache_root(root: Path, listing: gitrev.Listing | None) -> Path:
    """The folder whose cache a load uses: the records', or a revision's repository's."""
    return root if listing is None else listing.root


def _listed(listing: gitrev.Listing) -> files.Walk:
    """The record files of a revision, as a walk of its checkout would find them (hidden
    folders are not entered)."""
    paths = sorted(
        path
        for path in listing.blobs
        if path.split("/", 1)[0] in RECORD_FOLDERS
        and not any(part.startswith(".") for part in path.split("/")[:-1])
    )
    return files.Walk(tuple(paths), ())


def _fetch(
    listing: gitrev.Listing, paths: Iterable[str], store: cache.Cache | None
) -> dict[str, bytes]:
    """The contents a load of LISTING needs: org.yaml and every file the cache lacks."""
    wanted = [
        path
        for path in paths
        if path == version.ORG or store is None or not store.has(path, listing.blobs[path])
    ]
    return listing.read(wanted)


def _minimum_version(root: Path, fetched: Mapping[str, bytes] | None = None) -> list[Problem]:
    """The problem of org.yaml's `minimum_perfcode_version` that does not stop the load
    (PC094), or none; raises `version.NeedsNewerPerfcode` when it asks for a newer perfcode.
    An org.yaml that cannot be read or parsed has its own problems, found by the load."""
    text, _, problems = _read(root, version.ORG, fetched=fetched)
    if text is None:
        return []
    raw, problems = parse_document(version.ORG, text)
    if problems:
        return []
    found = version.minimum(raw, text)
    if found is not None and found.code == "PC092":
        raise version.NeedsNewerPerfcode(found)
    return [] if found is None else [found]


def parse_document(path: str, text: str) -> tuple[Any, list[Problem]]:
    """Parse one file's text; a YAML mistake becomes a located problem."""
    try:
        return yamlio.parse(text), []
    except yamlio.YamlError as exc:
        return None, [error(path, exc.code, exc.message).at(exc.line, exc.column)]


def _load_one(
    root: Path,
    path: str,
    place: Place,
    schemas: Schemas,
    state: _Collector,
    overrides: Mapping[str, str] | None = None,
    store: cache.Cache | None = None,
    known: str | None = None,
    fetched: Mapping[str, bytes] | None = None,
) -> None:
    """Load the file PATH (KNOWN: its blob id, when a revision's listing says it). A text
    given in OVERRIDES (a record being edited, perhaps with its words in the clear) is
    never kept in the cache."""
    state.kinds.add(place.kind)
    if overrides is not None and path in overrides:
        store = None
    entry = store.get(path, known) if store is not None and known is not None else None
    if entry is not None and known is not None:
        _keep(path, place, known, entry, state)
        return
    data, blob, problems = _bytes(root, path, overrides, place, fetched)
    if data is None or blob is None:
        state.problems.extend(problems)
        return
    entry = store.get(path, blob) if store is not None else None
    if entry is None:
        entry = _entry(path, place, data, schemas)
        if store is not None:
            store.put(path, blob, entry)
    _keep(path, place, blob, entry, state)


def _keep(path: str, place: Place, blob: str, entry: cache.Entry, state: _Collector) -> None:
    """What loading PATH gave, into the repository being collected."""
    if entry.text:
        state.blobs[path] = blob
    state.problems.extend(entry.problems)
    if entry.counted:
        state.documents += 1
    if entry.valid:
        _place(entry.document, place, state)


def _entry(path: str, place: Place, data: bytes, schemas: Schemas) -> cache.Entry:
    """What the file at PATH holding DATA gives alone: its problems, located, and its
    typed document when it is valid (what the cache keeps, keyed by the content)."""
    text, problems = _decode(path, data)
    if text is None:
        return cache.Entry(tuple(problems), False, False, False, None)
    document, counted, valid = _document(path, place, text, schemas, problems)
    return cache.Entry(tuple(_located(path, text, problems)), True, counted, valid, document)


def _document(
    path: str, place: Place, text: str, schemas: Schemas, problems: list[Problem]
) -> tuple[object | None, bool, bool]:
    """The typed document of TEXT, whether it counts as a document (it parsed) and whether
    it is valid (its errors are added to PROBLEMS)."""
    newer = version.newer_schema(path, text)
    if newer is not None:  # written for a newer perfcode: reading it would only mislead
        problems.append(newer)
        return None, False, False
    raw, parsed = parse_document(path, text)
    problems.extend(parsed)
    if parsed:
        return None, False, False
    if raw is None:
        what = "the file is empty" if not text.strip() else "the file has only comments"
        problems.append(error(path, "PC006", f"{what}; delete it or fill it in").at(1, 1))
        return None, True, False
    modeline = _modeline(path, place.kind, text)
    if modeline is not None:
        problems.append(modeline)
    if not isinstance(raw, dict):
        what = 'a list (lines starting with "- ")' if isinstance(raw, list) else "a single value"
        problems.append(
            error(path, "PC009", f'the file should be fields written "name: value", not {what}')
        )
        return None, True, False
    schema = schemas[place.kind]
    if not schema.is_valid(raw):
        for found in schema.errors(raw):
            problems.append(error(path, found.code, found.message, found.pointer, key=found.key))
        return None, True, False
    return _build(raw, path, place), True, True


def _located(path: str, text: str, problems: list[Problem]) -> list[Problem]:
    """PROBLEMS of the file PATH holding TEXT, each with its line and column."""
    if all(problem.located for problem in problems):
        return problems
    try:
        tree = yamlio.compose(text)
    except yaml.YAMLError:  # the file is not YAML: its own problem says so; point at 1:1
        tree = None
    return [
        problem
        if problem.located
        else problem.at(*_at(yamlio.position(tree, problem.pointer, key=problem.key)))
        for problem in problems
    ]


def _at(position: Any) -> tuple[int, int]:
    return position.line, position.column


def _build(raw: dict[str, Any], path: str, place: Place) -> object:
    kind, cycle_id, person = place.kind, place.cycle or "", place.person or ""
    builders: dict[str, Any] = {
        "org": lambda: build.org(raw, path),
        "person": lambda: build.person(raw, path, person),
        "cycle": lambda: build.policy(raw, path, cycle_id),
        "goals": lambda: build.goals(raw, path, cycle_id),
        "calibration": lambda: build.calibration(raw, path, cycle_id),
        "review": lambda: build.review(
            raw, path, cycle_id, person, place.role or "", place.rater or ""
        ),
        "contract": lambda: build.contract(raw, path, cycle_id, person),
        "checkins": lambda: build.checkins(raw, path, cycle_id, person),
        "adjustments": lambda: build.adjustments(raw, path, cycle_id, person),
        "interview": lambda: build.interview(raw, path, cycle_id, person),
        "plan": lambda: build.plan(raw, path, cycle_id, person),
        "appeal": lambda: build.appeal(raw, path, cycle_id, person),
        "signatures": lambda: build.signatures(raw, path, cycle_id),
    }
    maker = builders.get(kind)
    return None if maker is None else maker()


def _place(document: Any, place: Place, state: _Collector) -> None:
    """Put the typed DOCUMENT where its kind goes in the repository being collected."""
    kind, person = place.kind, place.person or ""
    if kind == "org":
        state.org = document
        return
    if kind == "person":
        state.people[person] = document
        return
    cycle = state.cycle(place.cycle or "")  # results.yaml is an output: `score --check` reads it
    if kind == "cycle":
        cycle.policy = document
    elif kind == "goals":
        cycle.goals = document
    elif kind == "calibration":
        cycle.calibration = document
    elif kind == "review":
        cycle.reviews.append(document)
    elif kind == "contract":
        cycle.contracts[person] = document
    elif kind == "checkins":
        cycle.checkins[person] = document
    elif kind == "adjustments":
        cycle.adjustments[person] = document
    elif kind == "interview":
        cycle.interviews[person] = document
    elif kind == "plan":
        cycle.plans[person] = document
    elif kind == "appeal":
        cycle.appeals[person] = document
    elif kind == "signatures":
        cycle.signatures = document


def locate(
    root: Path, problems: Iterable[Problem], overrides: Mapping[str, str] | None = None
) -> list[Problem]:
    """Give every problem a line and column; compose only the files that need it."""
    located: list[Problem] = []
    trees: dict[str, Any] = {}
    for problem in problems:
        if problem.located:
            located.append(problem)
            continue
        if problem.path not in trees:
            trees[problem.path] = _tree(root, problem.path, overrides)
        position = yamlio.position(trees[problem.path], problem.pointer, key=problem.key)
        located.append(problem.at(position.line, position.column))
    return sorted(located, key=Problem.sort_key)


def _tree(root: Path, path: str, overrides: Mapping[str, str] | None = None) -> Any:
    text, problems = read_text(root, path, overrides)
    if text is None or (problems and not text):
        return None
    try:
        return yamlio.compose(text)
    except yaml.YAMLError:  # the file is not YAML: its own problem says so; point at 1:1
        return None
