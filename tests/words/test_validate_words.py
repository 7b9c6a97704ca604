"""`perfcode validate` on confidential words: one scenario per test, its exact output in
expected/<test name>.txt (PERFCODE_UPDATE_EXPECTED=1 rewrites them; read every line).

The organisation is tests/validate/base (chenzong → linzong → wanghongjun, policy owner
zhaomin) under the default policy (every words field confidential, one manager up), its
words those of wanghongjun's two reviews: the manager review's first rating comment and
summary (readers wanghongjun, linzong, zhaomin) and the self review's summary (the same
readers). Keys are real: age-keygen's and ssh-keygen's, made for the session; values are
sealed with the `age` CLI (whose armour has no random grease, so the lines of the problems
after a sealed value stay where they are). An SSH stanza's tag differs with each key: the
expected files show `<tag>`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyrage
import pytest

from gitrepo import git
from perfcode import pipeline
from perfcode.cli import main
from perfcode.io import roundtrip
from perfcode.seal import age

HERE = Path(__file__).parent
BASE = HERE.parent / "validate" / "base"
EXPECTED = HERE / "expected"
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"
PEOPLE = ("chenzong", "linzong", "wanghongjun", "zhaomin")

CYCLE = "cycles/2026-H2"
MANAGER_REVIEW = f"{CYCLE}/reviews/wanghongjun/manager-linzong.yaml"
SELF_REVIEW = f"{CYCLE}/reviews/wanghongjun/self-wanghongjun.yaml"
#: the base's words: (file, pointer) → text
WORDS: dict[tuple[str, tuple[str | int, ...]], str] = {
    (MANAGER_REVIEW, ("ratings", 0, "comment")): "草案和定稿均按期完成。",
    (MANAGER_REVIEW, ("summary",)): "大客户体系建设成效明显。",
    (SELF_REVIEW, ("summary",)): "大客户管理制度按期定稿并推行。",
}
READERS = ("linzong", "wanghongjun", "zhaomin")


@dataclass(frozen=True)
class Keys:
    """A person's key pair: the identity file, and the public key people/<id>.yaml lists."""

    identity: Path
    public: str


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Keys]:
    """An age key for each person and for an attacker; an SSH key for wanghongjun and one
    for the attacker (`<id>-ssh`)."""
    folder = tmp_path_factory.mktemp("keys")
    made: dict[str, Keys] = {}
    for who in (*PEOPLE, "attacker"):
        identity = folder / f"{who}.agekey"
        subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
        public = subprocess.run(
            ["age-keygen", "-y", str(identity)], check=True, capture_output=True, text=True
        ).stdout.strip()
        made[who] = Keys(identity, public)
    for who in ("wanghongjun", "attacker"):
        identity = folder / f"{who}_ed25519"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(identity)],
            check=True,
        )
        made[f"{who}-ssh"] = Keys(identity, Path(f"{identity}.pub").read_text().strip())
    return made


def organisation(
    tmp: Path,
    keys: Mapping[str, Keys],
    *,
    keyed: Iterable[str] = PEOPLE,
    fields: str | None = None,
    managers: int | None = None,
) -> Path:
    """The base organisation with the default confidential policy (or FIELDS, MANAGERS)
    and each person of KEYED listing their age key."""
    root = tmp / "repo"
    shutil.copytree(BASE, root)
    cycle = root / CYCLE / "cycle.yaml"
    text = cycle.read_text(encoding="utf-8")
    text = text[: text.index("confidential:")]  # the base's cases keep no words confidential
    block = [f"  fields: {fields}"] if fields is not None else []
    block += [f"  managers: {managers}"] if managers is not None else []
    if block:
        text += "confidential:\n" + "\n".join(block) + "\n"
    cycle.write_text(text, encoding="utf-8")
    for who in keyed:
        add_keys(root, who, keys[who].public)
    return root


def add_keys(root: Path, who: str, *public: str) -> None:
    person = root / "people" / f"{who}.yaml"
    text = person.read_text(encoding="utf-8")
    if "\nkeys:\n" not in text:
        text += "keys:\n"
    person.write_text(text + "".join(f'  - "{key}"\n' for key in public), encoding="utf-8")


def seal_cli(text: str, recipients: Iterable[str]) -> str:
    """TEXT encrypted by the `age` CLI to RECIPIENTS (age1… or SSH public keys), armoured."""
    args = [arg for recipient in recipients for arg in ("-r", recipient)]
    done = subprocess.run(
        ["age", "-a", *args], input=text.encode(), check=True, capture_output=True
    )
    return done.stdout.decode("ascii")


def put(root: Path, path: str, pointer: tuple[str | int, ...], value: object) -> None:
    target = root / path
    target.write_text(
        roundtrip.replace_values(target.read_text(encoding="utf-8"), {pointer: value}),
        encoding="utf-8",
    )


def seal_words(
    root: Path,
    keys: Mapping[str, Keys],
    *,
    to: Iterable[str] = READERS,
    recorded: Iterable[str] | None = None,
    only: Iterable[tuple[str, tuple[str | int, ...]]] | None = None,
) -> None:
    """Seal the base's words (or ONLY those) to the age keys of TO, recording RECORDED
    (TO unless given) as their readers."""
    to = tuple(to)
    for place, text in WORDS.items():
        if only is not None and place not in tuple(only):
            continue
        armor = seal_cli(text, [keys[who].public for who in to])
        put(root, place[0], place[1], {"age": armor, "readers": sorted(recorded or to)})


def validate(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["validate", str(root), *args])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out


def expect(name: str, out: str, tags: Mapping[str, str] | None = None) -> None:
    """OUT (SSH tags written as <tag>) is what expected/NAME.txt holds."""
    for tag, shown in (tags or {}).items():
        out = out.replace(f"tag {tag})", f"tag {shown})")
    expected = EXPECTED / f"{name}.txt"
    if UPDATE:
        EXPECTED.mkdir(exist_ok=True)
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")


def codes(out: str) -> list[str]:
    return re.findall(r": (PC\d{3}) ", out)


# --- plain words -----------------------------------------------------------------------------


def test_plain_words(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each plain value of a confidential field is PC110, at its line and column."""
    root = organisation(tmp_path, keys)
    code, out = validate(root, capsys)
    assert code == 1
    assert codes(out) == ["PC110", "PC110", "PC110"]
    expect("plain-words", out)


def test_a_lock_line_pasted_back_is_no_words(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """What `perfcode show` prints for words it cannot open, written back into the record
    as if it were the words, is PC116 (and `rekey` never seals it)."""
    root = organisation(tmp_path, keys)
    seal_words(root, keys, only=[(MANAGER_REVIEW, ("ratings", 0, "comment"))])
    put(root, MANAGER_REVIEW, ("summary",), "🔒 已加密,读者:a, b")
    put(root, SELF_REVIEW, ("summary",), "")
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (1, ["PC116"])
    assert f"{MANAGER_REVIEW}:" in out


def test_empty_words_are_no_words(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    root = organisation(tmp_path, keys)
    seal_words(root, keys, only=[(MANAGER_REVIEW, ("ratings", 0, "comment"))])
    put(root, MANAGER_REVIEW, ("summary",), "")
    put(root, SELF_REVIEW, ("summary",), "")
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (0, [])


def test_no_confidential_fields(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """`confidential: {fields: []}`: plain words are fine; a sealed one in a field the
    policy does not keep confidential is fine too."""
    root = organisation(tmp_path, keys, fields="[]")
    seal_words(root, keys, only=[(SELF_REVIEW, ("summary",))], to=["attacker"])
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (0, [])


def test_some_fields(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the fields the policy lists: the rating comment may stay plain."""
    root = organisation(tmp_path, keys, fields="[review.summary]")
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (1, ["PC110", "PC110"])
    expect("some-fields", out)


# --- sealed words ----------------------------------------------------------------------------


def test_sealed_to_exactly_their_readers(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    root = organisation(tmp_path, keys)
    seal_words(root, keys)
    code, out = validate(root, capsys)
    assert code == 0
    expect("sealed-exactly", out)


def test_sealed_by_perfcode_and_an_ssh_key(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """Sealed with pyrage (perfcode's own sealing), to wanghongjun's SSH key beside his
    age key: exact, as far as the stanzas show (the SSH stanza by its tag)."""
    root = organisation(tmp_path, keys)
    add_keys(root, "wanghongjun", keys["wanghongjun-ssh"].public)
    public = [keys[w].public for w in READERS] + [keys["wanghongjun-ssh"].public]
    for place, text in WORDS.items():
        armor = age.seal(text, [age.parse_key(k) for k in public])
        put(root, place[0], place[1], {"age": armor, "readers": list(READERS)})
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (0, [])


def test_damaged_ciphertext(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """Armour whose content is no age file: PC111 at `age:`; armour cut short (no END
    line) is the schema's PC009."""
    root = organisation(tmp_path, keys)
    seal_words(root, keys)
    armor = seal_cli(WORDS[(SELF_REVIEW, ("summary",))], [keys[w].public for w in READERS])
    lines = armor.splitlines()
    put(root, SELF_REVIEW, ("summary",), {"age": "\n".join(lines[:-1]) + "\n", "readers": READERS})
    not_age = "\n".join([lines[0], "bm90IGFuIGFnZSBmaWxl", lines[-1]]) + "\n"
    put(root, MANAGER_REVIEW, ("summary",), {"age": not_age, "readers": list(READERS)})
    code, out = validate(root, capsys)
    assert code == 1
    assert codes(out) == ["PC111", "PC009"]  # armour cut short: the schema says so first
    expect("damaged-ciphertext", out)


def test_an_attackers_key_added(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """The readers recorded right, and an attacker's own key added with `age -r`: the
    ciphertext holds one X25519 recipient more than the readers have keys."""
    root = organisation(tmp_path, keys)
    seal_words(root, keys)
    text = WORDS[(SELF_REVIEW, ("summary",))]
    recipients = [keys[w].public for w in (*READERS, "attacker")]
    put(root, SELF_REVIEW, ("summary",), {"age": seal_cli(text, recipients), "readers": READERS})
    code, out = validate(root, capsys)
    assert code == 1
    assert codes(out) == ["PC112"]
    expect("attacker-key-added", out)
    # the attacker can indeed read it, with the real CLI: that is what the check prevents
    armor = (root / SELF_REVIEW).read_text(encoding="utf-8")
    block = (
        armor[armor.index("-----BEGIN") : armor.index("-----END")]
        + "-----END AGE ENCRYPTED FILE-----\n"
    )
    block = "\n".join(line.strip() for line in block.splitlines()) + "\n"
    opened = subprocess.run(
        ["age", "-d", "-i", str(keys["attacker"].identity)],
        input=block.encode(),
        check=True,
        capture_output=True,
    )
    assert opened.stdout.decode() == text


def test_wrong_readers(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """One value sealed without zhaomin (a reader missing), one to chenzong too (who is no
    reader with one manager up): each a PC112 naming the people."""
    root = organisation(tmp_path, keys)
    seal_words(root, keys, to=["linzong", "wanghongjun"], only=[(SELF_REVIEW, ("summary",))])
    seal_words(
        root,
        keys,
        to=[*READERS, "chenzong"],
        only=[(MANAGER_REVIEW, ("summary",)), (MANAGER_REVIEW, ("ratings", 0, "comment"))],
    )
    code, out = validate(root, capsys)
    assert code == 1
    assert codes(out) == ["PC112", "PC112", "PC112"]
    expect("wrong-readers", out)


def test_readers_recorded_but_not_sealed_to(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """The readers recorded are right, the ciphertext lacks one of their keys."""
    root = organisation(tmp_path, keys)
    seal_words(root, keys)
    seal_words(
        root,
        keys,
        to=["linzong", "wanghongjun"],
        recorded=READERS,
        only=[(SELF_REVIEW, ("summary",))],
    )
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (1, ["PC112"])
    expect("recipient-missing", out)


def test_ssh_stanzas(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """wanghongjun lists an SSH key; a value sealed to the attacker's SSH key instead: the
    tag no reader's key has, and the reader's key it lacks."""
    root = organisation(tmp_path, keys, keyed=("chenzong", "linzong", "zhaomin"))
    add_keys(root, "wanghongjun", keys["wanghongjun-ssh"].public)
    right = [keys[w].public for w in ("linzong", "zhaomin")] + [keys["wanghongjun-ssh"].public]
    wrong = [keys[w].public for w in ("linzong", "zhaomin")] + [keys["attacker-ssh"].public]
    for place, text in WORDS.items():
        recipients = wrong if place == (SELF_REVIEW, ("summary",)) else right
        put(root, place[0], place[1], {"age": seal_cli(text, recipients), "readers": list(READERS)})
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (1, ["PC112"])
    tags = {
        age.parse_key(keys["attacker-ssh"].public).tag or "": "<attacker's tag>",
    }
    expect("ssh-stanzas", out, tags)


def test_passphrase_is_no_reader(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """Fail closed: a value encrypted to a passphrase (an scrypt stanza) is not exact."""
    root = organisation(tmp_path, keys)
    seal_words(root, keys)
    armored = pyrage.passphrase.encrypt("一句话".encode(), "secret", armored=True)
    put(root, SELF_REVIEW, ("summary",), {"age": armored.decode("ascii"), "readers": READERS})
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (1, ["PC112"])
    expect("passphrase", out)


def test_keyless_reader(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """linzong lists no key: the words are sealed to the others, and each file warns once
    that linzong cannot read them (PC113, a warning: exit 0)."""
    root = organisation(tmp_path, keys, keyed=("chenzong", "wanghongjun", "zhaomin"))
    seal_words(root, keys, to=["wanghongjun", "zhaomin"])
    code, out = validate(root, capsys)
    assert code == 0
    assert codes(out) == ["PC113", "PC113"]
    expect("keyless-reader", out)


# --- keys ------------------------------------------------------------------------------------


def test_bad_key(tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]) -> None:
    """Keys the schema's pattern accepts and age does not: a bech32 checksum that fails, an
    SSH key whose base64 is no key. PC114 at each."""
    root = organisation(tmp_path, keys, fields="[]")
    good = keys["zhaomin"].public
    broken = good[:-1] + ("q" if good[-1] != "q" else "p")
    add_keys(root, "zhaomin", broken, "ssh-ed25519 bm90IGFuIHNzaCBrZXk= zhaomin@laptop")
    code, out = validate(root, capsys)
    assert code == 1
    assert codes(out) == ["PC114", "PC114"]
    expect("bad-key", out)


def test_duplicate_key(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """zhaomin lists wanghongjun's SSH key (another comment, the same key): PC115 on both."""
    root = organisation(tmp_path, keys, fields="[]")
    ssh = keys["wanghongjun-ssh"].public
    add_keys(root, "wanghongjun", ssh)
    add_keys(root, "zhaomin", ssh.rsplit(" ", 1)[0] + " zhaomin@laptop")
    code, out = validate(root, capsys)
    assert code == 1
    assert codes(out) == ["PC115", "PC115"]
    expect("duplicate-key", out)


# --- who reads -------------------------------------------------------------------------------


def test_two_managers_up(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """`managers: 2`: the grand-manager chenzong reads wanghongjun's words too."""
    root = organisation(tmp_path, keys, managers=2)
    seal_words(root, keys, only=[(SELF_REVIEW, ("summary",))])
    seal_words(
        root,
        keys,
        to=[*READERS, "chenzong"],
        only=[(MANAGER_REVIEW, ("summary",)), (MANAGER_REVIEW, ("ratings", 0, "comment"))],
    )
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (1, ["PC112"])
    expect("two-managers-up", out)


def test_a_leaver_reads_no_more(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """With two managers up, chenzong would read; he has left by today (org.yaml pins
    today): words sealed to him are PC112, words sealed without him are exact."""
    root = organisation(tmp_path, keys, managers=2)
    org = root / "people" / "org.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "today: 2027-01-20\n", encoding="utf-8")
    person = root / "people" / "chenzong.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "left: 2027-01-15\n", encoding="utf-8")
    seal_words(root, keys, only=[(SELF_REVIEW, ("summary",))], to=[*READERS, "chenzong"])
    seal_words(
        root,
        keys,
        only=[(MANAGER_REVIEW, ("summary",)), (MANAGER_REVIEW, ("ratings", 0, "comment"))],
    )
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (1, ["PC112"])
    expect("leaver", out)


def test_base_names_the_readers(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    """A pull request that makes chenzong wanghongjun's manager and adds the attacker's key
    to linzong's, with the words sealed to match: exact by its own registry, but with
    `--base` the readers and keys are the base's: PC112 for each value."""
    root = organisation(tmp_path, keys)
    seal_words(root, keys)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "switch", "-q", "-c", "pull-request")
    person = root / "people" / "wanghongjun.yaml"
    person.write_text(
        person.read_text(encoding="utf-8").replace("manager: linzong", "manager: chenzong"),
        encoding="utf-8",
    )
    add_keys(root, "linzong", keys["attacker"].public)
    seal_words(
        root, keys, to=["chenzong", "wanghongjun", "zhaomin"], only=[(SELF_REVIEW, ("summary",))]
    )
    # the manager review: its rater linzong (now with the attacker's key too) still reads it
    for place in ((MANAGER_REVIEW, ("summary",)), (MANAGER_REVIEW, ("ratings", 0, "comment"))):
        recipients = [keys[w].public for w in ("chenzong", *READERS, "attacker")]
        sealed = {"age": seal_cli(WORDS[place], recipients), "readers": ["chenzong", *READERS]}
        put(root, place[0], place[1], sealed)
    git(root, "commit", "-q", "-am", "the pull request")
    code, out = validate(root, capsys)
    assert (code, codes(out)) == (1, ["PC020"])  # linzong no longer wanghongjun's manager
    code, out = validate(root, capsys, "--base", "main")
    assert codes(out) == ["PC020", "PC112", "PC112", "PC112"]
    expect("base-names-the-readers", out)


def test_base_that_is_no_revision(
    tmp_path: Path, keys: dict[str, Keys], capsys: pytest.CaptureFixture[str]
) -> None:
    root = organisation(tmp_path, keys, fields="[]")
    assert main(["validate", str(root), "--base", "main"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "not in a git repository" in err
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    assert main(["validate", str(root), "--base", "no-such-branch"]) == 2
    assert "'no-such-branch' is not a commit" in capsys.readouterr().err


# --- scoring needs no key --------------------------------------------------------------------


def test_scoring_with_words_problems_and_no_key(
    tmp_path: Path,
    keys: dict[str, Keys],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plain words (PC110) and a value sealed to the wrong readers (PC112) do not block
    scoring, and scoring reads no key: no identity anywhere (HOME empty, no
    PERFCODE_IDENTITY). The sealed organisation scores as the plain one does."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PERFCODE_IDENTITY", raising=False)
    plain = organisation(tmp_path / "plain", keys)
    sealed = organisation(tmp_path / "sealed", keys)
    seal_words(sealed, keys, only=[(SELF_REVIEW, ("summary",))], to=["attacker"])
    seal_words(sealed, keys, only=[(MANAGER_REVIEW, ("summary",))])
    assert codes(validate(sealed, capsys)[1]) == ["PC110", "PC112"]
    results = []
    printed = []
    for root in (plain, sealed):
        gate = pipeline.score_repository(root)
        assert gate.results is not None
        assert [p.code for p in gate.problems] == []
        results.append(gate.results)
        assert main(["score", "--root", str(root), "--format", "json"]) == 0
        printed.append(capsys.readouterr().out)
    assert results[0] == results[1]
    assert printed[0] == printed[1]
