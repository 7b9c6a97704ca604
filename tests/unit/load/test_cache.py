"""The cache of loads (`perfcode.load.cache`): what it keeps, when it is not trusted, and
that a load from it equals a load without it."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from perfcode.check import check_repository
from perfcode.cli import main
from perfcode.io.schemas import schema_dir
from perfcode.load import cache
from perfcode.load import repository as load
from perfcode.scaffold import sample

EXAMPLE = Path(__file__).parents[3] / "tooling" / "perfcode" / "scaffold" / "example"


@pytest.fixture
def org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small sample organisation, and a cache home of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    monkeypatch.delenv(cache.OFF, raising=False)
    root = tmp_path / "org"
    sample.write(root, people=12, seed=3)
    return root


def _opened(root: Path) -> cache.Cache:
    found = cache.open_cache(root, schema_dir(root))
    assert found is not None
    return found


def test_a_second_load_comes_from_the_cache_and_equals_the_first(org: Path) -> None:
    cold = check_repository(org)  # a load outside a command keeps its cache at once
    warm_cache = _opened(org)
    assert len(warm_cache.entries) == cold.repository.documents
    warm = check_repository(org)
    assert warm.repository == cold.repository
    assert warm.problems == cold.problems


def test_one_changed_file_is_the_only_one_read_again(org: Path) -> None:
    check_repository(org)
    review = next((org / "cycles").rglob("reviews/*/manager-*.yaml"))
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("submitted:", "# changed\nsubmitted:", 1), encoding="utf-8")
    before = _opened(org)
    repo, problems = load.load_repository(org)
    assert len(before.entries) == repo.documents
    after = _opened(org)
    relative = str(review.relative_to(org))
    assert sum(1 for path, _ in after.entries if path == relative) == 2  # old and new content
    os.environ[cache.OFF] = "1"
    try:
        fresh, fresh_problems = load.load_repository(org)
    finally:
        del os.environ[cache.OFF]
    assert repo == fresh and problems == fresh_problems


def test_a_broken_file_keeps_its_located_problems(org: Path) -> None:
    person = org / "people" / "p00003.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "unknown_field: 1\n", "utf-8")
    cold = check_repository(org).problems
    warm = check_repository(org).problems
    assert cold == warm
    assert any(p.path == "people/p00003.yaml" and p.line > 0 for p in warm)


def test_the_schemas_folder_is_part_of_the_key(org: Path) -> None:
    check_repository(org)
    schema = org / "schemas" / "person.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace("{", "{ ", 1), "utf-8")
    assert _opened(org).entries == {}  # another namespace: nothing of the old one is read


def test_nothing_is_kept_with_no_cache(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(org), "--no-cache"]) == 0
    capsys.readouterr()
    assert not cache.folder_for(org).exists()
    cache._disabled = False  # the flag lasts for the process, as for a command


def test_the_environment_turns_it_off(org: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.OFF, "1")
    check_repository(org)
    assert not cache.folder_for(org).exists()


def test_a_folder_others_can_write_is_never_read(org: Path) -> None:
    check_repository(org)
    folder = cache.folder_for(org)
    assert _opened(org).entries
    folder.chmod(0o777)
    assert _opened(org).entries == {}
    check_repository(org)  # and nothing is written into it either
    assert sorted(p.name for p in folder.iterdir()) == ["base.pickle"]


def _planted(space: str, witness: Path) -> bytes:
    """A cache file whose unpickling would run a command that makes WITNESS."""

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {witness}",))

    return pickle.dumps({"namespace": space, "entries": {("x", "y"): Payload()}})


def test_a_cache_naming_other_code_runs_nothing(org: Path, tmp_path: Path) -> None:
    """A planted pickle that would run a command when unpickled is not unpickled."""
    check_repository(org)
    folder = cache.folder_for(org)
    witness = tmp_path / "ran"

    space = _opened(org).space
    planted = _planted(space, witness)
    (folder / "delta-00000000000000000001-1.pickle").write_bytes(planted)
    (folder / "base.pickle").write_bytes(b"not a pickle at all")
    assert check_repository(org).problems == []
    assert not witness.exists()


def test_a_link_is_not_the_cache(org: Path, tmp_path: Path) -> None:
    check_repository(org)
    folder = cache.folder_for(org)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(folder, elsewhere)
    folder.symlink_to(elsewhere)
    assert _opened(org).entries == {}


def test_deltas_are_folded_into_a_new_base(org: Path) -> None:
    check_repository(org)
    folder = cache.folder_for(org)
    person = org / "people" / "p00001.yaml"
    original = person.read_text(encoding="utf-8")
    for n in range(cache.MAX_DELTAS + 1):
        person.write_text(original + f"# edit {n}\n", encoding="utf-8")
        check_repository(org)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) <= cache.MAX_DELTAS + 1
    assert check_repository(org).problems == []


def test_the_command_does_not_wait_for_the_cache(tmp_path: Path) -> None:
    """`perfcode validate` exits before its cache is written; the cache appears after."""
    root = tmp_path / "org"
    sample.write(root, people=12, seed=3)
    env = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache-home"),
        cache.DETACH: "1",
    }
    env.pop(cache.OFF, None)
    done = subprocess.run(
        [sys.executable, "-m", "perfcode", "validate", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "cache-home" / "perfcode"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(folder.rglob("base.pickle")):
        time.sleep(0.1)
    assert list(folder.rglob("base.pickle"))


def test_a_git_repository_keeps_it_in_its_git_folder(org: Path) -> None:
    subprocess.run(["git", "init", "-q", str(org)], check=True)
    check_repository(org)
    assert (org / ".git" / "perfcode" / "cache" / "base.pickle").is_file()
    assert (
        subprocess.run(
            ["git", "-C", str(org), "status", "--porcelain", "--ignored"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.count(".git/")
        == 0
    )


def test_a_signed_cache_naming_other_code_runs_nothing(org: Path, tmp_path: Path) -> None:
    """Even a file signed with the user's own key is unpickled with perfcode's classes only."""
    check_repository(org)
    folder = cache.folder_for(org)
    witness = tmp_path / "ran"

    key = cache._user_key()
    assert key is not None
    data = _planted(_opened(org).space, witness)
    (folder / "delta-00000000000000000001-1.pickle").write_bytes(cache._tag(key, data) + data)
    assert check_repository(org).problems == []
    assert not witness.exists()


def test_a_cache_made_by_someone_else_is_not_read(
    org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout copied with its .git (an archive of someone's work) brings their cache
    along: it is signed with their key, not this user's, so it is never read."""
    subprocess.run(["git", "init", "-q", str(org)], check=True)
    check_repository(org)
    assert _opened(org).entries
    cache._user_key.cache_clear()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    try:
        assert _opened(org).entries == {}
        assert check_repository(org).problems == []
    finally:
        cache._user_key.cache_clear()


def test_the_bundled_schemas_are_part_of_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """perfcode's own schemas count wherever they really are (a development checkout links
    the package's schemas/ to the top-level folder)."""
    from perfcode.io import schemas

    copy = tmp_path / "bundled"
    shutil.copytree(schemas.BUNDLED.resolve(), copy)
    monkeypatch.setattr(schemas, "BUNDLED", copy)
    cache._code_digest.cache_clear()
    try:
        before = cache._code_digest()
        person = copy / "person.schema.json"
        person.write_text(person.read_text(encoding="utf-8").replace("{", "{ ", 1), "utf-8")
        cache._code_digest.cache_clear()
        assert cache._code_digest() != before
    finally:
        cache._code_digest.cache_clear()


def test_never_among_the_records(org: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache folder inside the records' folder (XDG_CACHE_HOME pointing there) is no
    cache; a relative XDG_CACHE_HOME is ignored, as the XDG rules say."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(org / "people"))
    assert cache.open_cache(org, schema_dir(org)) is None
    check_repository(org)
    assert not (org / "people" / "perfcode").exists()
    monkeypatch.setenv("XDG_CACHE_HOME", "people")
    assert cache.cache_home() == Path.home() / ".cache"


def test_a_text_being_edited_is_not_kept(org: Path) -> None:
    person = "people/p00002.yaml"
    text = (org / person).read_text(encoding="utf-8") + "# being edited\n"
    check_repository(org, overrides={person: text})
    kept = {path for path, _ in _opened(org).entries}
    assert person not in kept and len(kept) > 10


def test_a_cache_home_made_earlier_by_others_tools_works(
    org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """~/.cache/perfcode made with the usual mode 0755 (by an earlier perfcode, or by hand):
    only its owner can write there, so the cache works; a key others can read does not."""
    home = tmp_path / "home-0755"
    (home / "perfcode").mkdir(parents=True, mode=0o755)
    (home / "perfcode").chmod(0o755)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    cache._user_key.cache_clear()
    try:
        check_repository(org)
        assert _opened(org).entries
        (home / "perfcode" / "key").chmod(0o644)
        cache._user_key.cache_clear()
        assert cache.open_cache(org, schema_dir(org)) is None
    finally:
        cache._user_key.cache_clear()
