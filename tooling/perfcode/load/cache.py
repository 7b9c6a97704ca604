"""What loading one file produced, kept by the file's content: a load that finds a file
it has seen before takes the result instead of parsing and checking it again.

An entry is keyed by the file's path and git blob id (its content) and holds everything
loading that file alone gives: its problems (located) and its typed document. The whole
cache lives under one NAMESPACE, a digest of perfcode's own code (every module and bundled
schema of the installed package), the Python version and the repository's `schemas/`
folder; anything else is never read, so a cache is never trusted across versions or
schemas. Cross-document rules are not cached: they always see the whole organisation.

Where: `.git/perfcode/cache/` of a repository whose top folder ROOT is (ROOT/.git a real
folder), else `$XDG_CACHE_HOME/perfcode/<digest of ROOT's absolute path>/`
(`~/.cache/...`). Never among the records. The folder must be a real folder of the user's
own that nobody else can write (made with mode 0700); otherwise perfcode neither reads nor
writes it. Deleting the folder is always safe. `--no-cache` (or PERFCODE_NO_CACHE=1)
leaves it alone.

Format: `base.pickle` and `delta-*.pickle` files, each a pickle of {"namespace": ...,
"entries": {(path, blob): Entry}}; a load reads the base and the deltas and writes one new
delta with what it computed, or, when the deltas pile up, a new base (keeping the entries
this load used, and the others while they are not more than twice as many) and removes the
deltas it read. Unpickling admits perfcode's model and problem classes only, and a file
that does not read back as entries is ignored.
"""

from __future__ import annotations

import copyreg
import dataclasses
import enum
import hashlib
import hmac
import importlib
import inspect
import io
import os
import pickle
import pkgutil
import stat
import sys
import time
import types
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfcode.problems import Problem

if TYPE_CHECKING:
    from perfcode.layout import Place

#: environment variable that turns the cache off (any value but "" and "0")
OFF = "PERFCODE_NO_CACHE"
#: deltas a load accepts before it writes a new base instead
MAX_DELTAS = 8
_BASE = "base.pickle"
_DELTA = "delta-"
_SUFFIX = ".pickle"
_PROTOCOL = 5

_disabled = False


def disable() -> None:
    """No cache for the rest of this process (`--no-cache`)."""
    global _disabled
    _disabled = True


def enabled() -> bool:
    return not _disabled and os.environ.get(OFF, "") in ("", "0")


@dataclass(frozen=True, slots=True)
class Entry:
    """What loading one file gives: its problems, whether its bytes are text, whether it
    is a document (it parsed), whether it is a valid one, and then its typed document (None
    for results.yaml, an output read by `score --check`)."""

    problems: tuple[Problem, ...]
    text: bool
    counted: bool
    valid: bool
    document: object | None


Key = tuple[str, str]  # (path, blob id)


def _package() -> Path:
    return Path(__file__).resolve().parent.parent


#: the libraries whose versions decide how a file parses and validates
LIBRARIES = ("pyyaml", "jsonschema", "jsonschema-rs")


@cache
def _code_digest() -> str:
    """A digest of perfcode's own code, its bundled schemas (the folder they really are
    in: a development checkout links it), the Python version and the versions of the
    libraries that parse and check files (computed once a process)."""
    from importlib import metadata

    import yaml

    from perfcode.io.schemas import BUNDLED

    digest = hashlib.sha256(sys.version.encode())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=?\0".encode())
    digest.update(f"libyaml={getattr(yaml, '__with_libyaml__', False)}\0".encode())
    base = _package()
    for path in sorted(base.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(base)).encode() + b"\0")
            digest.update(path.read_bytes())
    bundled = BUNDLED.resolve()
    for path in sorted(bundled.glob("*.json")):
        digest.update(b"schemas/" + path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def namespace(schema_folder: Path) -> str | None:
    """The digest entries are valid under: perfcode's code and the schemas folder's files
    (None when the folder cannot be read: no cache then)."""
    from perfcode.io.schemas import BUNDLED

    digest = hashlib.sha256(_code_digest().encode())
    if schema_folder.resolve() != BUNDLED.resolve():
        try:
            names = sorted(os.listdir(schema_folder))
            for name in names:
                full = schema_folder / name
                digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
                info = os.lstat(full)
                if stat.S_ISREG(info.st_mode):
                    digest.update(full.read_bytes())
                else:
                    digest.update(b"%o" % info.st_mode)
        except OSError:
            return None
    return digest.hexdigest()


def cache_home() -> Path:
    """The user's cache folder: $XDG_CACHE_HOME when it is an absolute path (the XDG
    rule: a relative one is ignored), else ~/.cache."""
    value = os.environ.get("XDG_CACHE_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".cache"


def folder_for(root: Path) -> Path:
    """Where the cache of the records at ROOT lives (see the module's docstring)."""
    top = root.resolve()
    git = top / ".git"
    if git.is_dir() and not git.is_symlink():
        return git / "perfcode" / "cache"
    digest = hashlib.sha256(str(top).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_home() / "perfcode" / digest


def _among(folder: Path, root: Path) -> bool:
    """Whether FOLDER is ROOT or inside it."""
    top, resolved = root.resolve(), folder.resolve()
    return resolved == top or top in resolved.parents


#: the user's own secret (in their cache folder, mode 0600): every cache file carries an
#: HMAC made with it, so a cache copied from elsewhere (an archive of someone's checkout
#: with its .git) or written by anyone else is never read
_KEY = "key"
_TAG = 32


@cache
def _user_key() -> bytes | None:
    home = cache_home() / "perfcode"
    if not _own_folder(home, make=True):
        return None
    path = home / _KEY
    try:  # a key others can read is no secret: none then
        if os.lstat(path).st_mode & 0o077:
            return None
    except OSError:
        pass
    found = _read_own(path)
    if found is not None and len(found) == _TAG:
        return found
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except FileExistsError:  # another process made it meanwhile, or it is not ours
        found = _read_own(path)
        return found if found is not None and len(found) == _TAG else None
    except OSError:
        return None
    key = os.urandom(_TAG)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
    return key


def _tag(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def _own_folder(folder: Path, *, make: bool) -> bool:
    """FOLDER is a real folder of this user's that nobody else can write (made, readable
    by the user alone, when MAKE and it does not exist)."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if not make:
            return False
        try:
            folder.mkdir(mode=0o700, parents=True)
            info = os.lstat(folder)
        except OSError:
            return False
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mode & 0o022 == 0


# --- pickling: model classes by their fields, read back by allowed classes only --------------


def _proxy(mapping: dict[Any, Any]) -> Mapping[Any, Any]:
    return types.MappingProxyType(mapping)


@cache
def _model_modules() -> tuple[types.ModuleType, ...]:
    import perfcode.model as model
    from perfcode import problems

    found = [problems, model]
    found += [
        importlib.import_module(f"perfcode.model.{info.name}")
        for info in pkgutil.iter_modules(model.__path__)
    ]
    return tuple(found)


def _own(value: object) -> bool:
    return inspect.isclass(value) and value.__module__.startswith("perfcode.")


@cache
def _model_classes() -> dict[type, tuple[str, ...]]:
    """Every dataclass of perfcode.model and perfcode.problems, and the cache's Entry,
    with its init fields."""
    found = {
        value: tuple(f.name for f in dataclasses.fields(value) if f.init)
        for module in _model_modules()
        for value in vars(module).values()
        if _own(value) and dataclasses.is_dataclass(value) and isinstance(value, type)
    }
    from perfcode.layout import Place

    for cls in (Entry, Place):
        found[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return found


@cache
def _allowed() -> frozenset[tuple[str, str]]:
    """The classes a cache may name: perfcode's model classes and enums, Decimal."""
    enums = {
        (value.__module__, value.__qualname__)
        for module in _model_modules()
        for value in vars(module).values()
        if _own(value) and issubclass(value, enum.Enum)
    }
    own = {(cls.__module__, cls.__qualname__) for cls in _model_classes()}
    return frozenset({*own, *enums, (__name__, "_proxy"), ("decimal", "Decimal")})


def _reducer(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    def reduce(value: Any) -> tuple[Any, ...]:
        return (type(value), tuple(getattr(value, name) for name in names))

    return reduce


@cache
def _dispatch() -> dict[type, Any]:
    table: dict[type, Any] = dict(copyreg.dispatch_table)
    table[types.MappingProxyType] = lambda value: (_proxy, (dict(value),))
    for cls, names in _model_classes().items():
        table[cls] = _reducer(names)
    return table


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _allowed():
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache")
        return super().find_class(module, name)


def dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=_PROTOCOL)
    pickler.dispatch_table = _dispatch()
    pickler.dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> object:
    return _Unpickler(io.BytesIO(data)).load()


# --- the store -------------------------------------------------------------------------------


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read_own(path: Path) -> bytes | None:
    """The bytes of PATH when it is a regular file of this user's (never through a link)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            return None
        return handle.read()


@dataclass(frozen=True, slots=True)
class Contents:
    """What one cache file holds."""

    places: dict[str, Place | None]
    entries: dict[Key, Entry]
    schemas: dict[str, tuple[Problem, ...]]


def _checked_places(found: object) -> dict[str, Place | None]:
    from perfcode.layout import Place

    if not isinstance(found, dict):
        return {}
    return {
        path: place
        for path, place in found.items()
        if isinstance(path, str) and (place is None or isinstance(place, Place))
    }


def _contents(data: bytes | None, space: str, key: bytes) -> Contents | None:
    """What a cache file's DATA holds (None: not one of SPACE, or not made with KEY: then
    it is not unpickled at all)."""
    if data is None or len(data) < _TAG:
        return None
    if not hmac.compare_digest(data[:_TAG], _tag(key, data[_TAG:])):
        return None
    try:
        found = loads(data[_TAG:])
    except Exception:  # a torn, foreign or old file is no cache: it is ignored
        return None
    if not isinstance(found, dict) or found.get("namespace") != space:
        return None
    entries, schemas = found.get("entries"), found.get("schemas")
    if not isinstance(entries, dict) or not isinstance(schemas, dict):
        return None
    return Contents(
        _checked_places(found.get("places")),
        {
            key: entry
            for key, entry in entries.items()
            if isinstance(key, tuple) and len(key) == 2 and isinstance(entry, Entry)
        },
        {
            kind: problems
            for kind, problems in schemas.items()
            if isinstance(kind, str)
            and isinstance(problems, tuple)
            and all(isinstance(p, Problem) for p in problems)
        },
    )


@dataclass(slots=True)
class Cache:
    """The entries of one repository's cache under one namespace, and what this load used
    and added (written back by `save`)."""

    folder: Path
    space: str
    key: bytes  # the user's own (`_user_key`): what every file it writes is signed with
    entries: dict[Key, Entry]
    deltas: tuple[str, ...] = ()
    #: kind → the problems of compiling the repository's schema for it
    schemas: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    #: path → what the path says it holds (`layout.classify`)
    places: dict[str, Place | None] = field(default_factory=dict)
    new_places: dict[str, Place | None] = field(default_factory=dict)
    used: set[Key] = field(default_factory=set)
    added: dict[Key, Entry] = field(default_factory=dict)
    new_schemas: dict[str, tuple[Problem, ...]] = field(default_factory=dict)

    def get(self, path: str, blob: str) -> Entry | None:
        key = (path, blob)
        entry = self.entries.get(key)
        if entry is not None:
            self.used.add(key)
        return entry

    def has(self, path: str, blob: str) -> bool:
        return (path, blob) in self.entries

    def put(self, path: str, blob: str, entry: Entry) -> None:
        key = (path, blob)
        self.entries[key] = entry
        self.added[key] = entry
        self.used.add(key)

    def place(self, path: str) -> Place | None:
        """What PATH holds (`layout.classify`, kept: a path says the same every time)."""
        if path in self.places:
            return self.places[path]
        from perfcode.layout import classify

        found = self.places[path] = self.new_places[path] = classify(path)
        return found

    def schema_checked(self, kind: str, problems: tuple[Problem, ...]) -> None:
        self.schemas[kind] = problems
        self.new_schemas[kind] = problems

    @property
    def changed(self) -> bool:
        changed = self.added or self.new_schemas or self.new_places
        return bool(changed) or len(self.deltas) > MAX_DELTAS

    def _signed(self, value: object) -> bytes:
        data = dumps(value)
        return _tag(self.key, data) + data

    def save(self) -> None:
        """Write what this load added: a delta, or a new base when deltas pile up (then
        the deltas read are removed: they are in the base). Never raises for the disk."""
        if not self.changed:
            return
        from perfcode.io import write

        if not _own_folder(self.folder, make=True):
            return
        compact = len(self.deltas) >= MAX_DELTAS or len(self.added) * 5 > len(self.entries)
        try:
            if compact:
                kept = self.entries
                if len(kept) > 3 * max(len(self.used), 1):
                    kept = {key: self.entries[key] for key in self.used}
                paths = {path for path, _ in kept}
                places = {p: place for p, place in self.places.items() if p in paths}
                data = self._signed(
                    {
                        "namespace": self.space,
                        "entries": kept,
                        "schemas": self.schemas,
                        "places": places,
                    }
                )
                write.write(self.folder / _BASE, data, root=self.folder, sync=False)
                for name in self.deltas:
                    (self.folder / name).unlink(missing_ok=True)
            else:
                name = f"{_DELTA}{time.time_ns():020d}-{os.getpid()}{_SUFFIX}"
                data = self._signed(
                    {
                        "namespace": self.space,
                        "entries": self.added,
                        "schemas": self.new_schemas,
                        "places": self.new_places,
                    }
                )
                write.write(self.folder / name, data, root=self.folder, sync=False, new=True)
        except (OSError, write.WriteFailed, write.Refused, write.Interrupted):
            return  # the cache is only ever a help: a load that cannot keep it goes on
        self.added = {}
        self.new_schemas = {}
        self.new_places = {}


def open_cache(root: Path, schema_folder: Path) -> Cache | None:
    """The cache of the records at ROOT (None: off, unusable, or not this user's)."""
    if not enabled():
        return None
    if _among(cache_home(), root):  # never among the records (nor the user's key)
        return None
    space = namespace(schema_folder)
    folder = folder_for(root)
    key = _user_key()
    if space is None or key is None:
        return None
    if _deferred is not None:  # within one command, every load shares what the others read
        shared = _shared.get((folder, space))
        if shared is None:
            shared = _shared[(folder, space)] = _open(folder, space, key)
        return shared
    return _open(folder, space, key)


def _open(folder: Path, space: str, key: bytes) -> Cache:
    entries: dict[Key, Entry] = {}
    schemas: dict[str, tuple[Problem, ...]] = {}
    places: dict[str, Place | None] = {}
    deltas: list[str] = []
    if _own_folder(folder, make=False):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            names = []
        for name in names:
            if name == _BASE or (name.startswith(_DELTA) and name.endswith(_SUFFIX)):
                if name != _BASE:
                    deltas.append(name)
                found = _contents(_read_own(folder / name), space, key)
                if found is not None:
                    entries.update(found.entries)
                    schemas.update(found.schemas)
                    places.update(found.places)
    return Cache(folder, space, key, entries, tuple(deltas), schemas, places)


# --- when the cache is written ---------------------------------------------------------------

#: environment variable: "0" has `perfcode` write the cache before it exits (tests)
DETACH = "PERFCODE_CACHE_DETACH"
_deferred: list[Cache] | None = None
_shared: dict[tuple[Path, str], Cache] = {}


def keep(found: Cache) -> None:
    """Write what FOUND added: when the command is over (`deferred`), else now."""
    if _deferred is not None:
        _deferred.append(found)
    else:
        found.save()


@contextmanager
def deferred(*, detach: bool) -> Iterator[None]:
    """Within: the loads' caches are written when the block is over, after everything
    the command wrote and printed; with DETACH by a process of its own that lets go of the
    terminal and of the command's output, so that nobody waits for it (the `perfcode`
    command; PERFCODE_CACHE_DETACH=0 waits)."""
    global _deferred
    _deferred = []
    try:
        yield
    finally:
        pending = list({id(found): found for found in _deferred if found.changed}.values())
        _deferred = None
        _shared.clear()
        if pending:
            _write(pending, detach=detach and os.environ.get(DETACH, "") != "0")


def _write(pending: list[Cache], *, detach: bool) -> None:
    if not detach or not hasattr(os, "fork"):
        for found in pending:
            found.save()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        child = os.fork()
    except OSError:  # cannot fork: write them here and now
        for found in pending:
            found.save()
        return
    if child != 0:
        return
    try:  # the child: no terminal, no pipes of the caller's, no Ctrl-C
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        os.setsid()  # out of the caller's session and process group
        null = os.open(os.devnull, os.O_RDWR)
        for descriptor in (0, 1, 2):
            os.dup2(null, descriptor)
        os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024)
        for found in pending:
            found.save()
    finally:
        os._exit(0)
