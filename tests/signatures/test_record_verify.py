"""Evidence that is complete and cannot be rewritten (issue 12, §4), on real git histories.

Each scenario builds a real git repository whose main holds merge commits of pull requests
(`git merge --no-ff` of a branch, fixed dates and identities, so every SHA is the same on
every machine), serves those pull requests from the fake GitHub (conftest.py), and runs the
real CLI the way the publish workflow does: `perfcode signatures record`, then commits what
it wrote (only cycles/*/signatures.yaml, as the app), and later `perfcode verify`,
`perfcode validate` and `perfcode status`. What an attacker with write access does (an admin
merge, a direct push, removing or editing evidence) is a commit on main too.

Every scenario's transcript — each command as typed (R is the repository), its output and
its exit code, and what `perfcode status` says about the 2026-H2 contracts — is
history/<scenario>/expected.txt; each test also asserts the facts the scenario is about.
Set PERFCODE_UPDATE_EXPECTED=1 to rewrite the transcripts from the current output; then
read the diff.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gitrepo import git
from perfcode.cli import main
from perfcode.io import yaml as yamlio
from perfcode.io.git import blob_id
from perfcode.load import repository as load
from perfcode.signatures import check as signcheck
from perfcode.signatures import evidence as kept
from perfcode.signatures import proof
from perfcode.workflow import owed
from signatures.conftest import REPO, FakeGitHub, contract_text, running, user

HERE = Path(__file__).resolve().parent
BASE = HERE / "base"
HISTORY = HERE / "history"
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"

#: the recorder's key of these tests (its public half goes into people/org.yaml)
KEY = proof.PRIVATE + base64.b64encode(b"perfcode tests: the recorder key").decode()
#: a key of the same form that people/org.yaml does not list
OTHER_KEY = proof.PRIVATE + base64.b64encode(b"perfcode tests: somebody's key!!").decode()
H2 = "cycles/2026-H2"
EVIDENCE = f"{H2}/signatures.yaml"
RECORDER = "Record the signatures of merged pull requests"
BOT = ("perfcode-signatures[bot]", "perfcode-signatures[bot]@users.noreply.github.com")


def contract(goal: str = "季度销售额达到50万元", title: str = "季度销售额") -> str:
    """A contract the 2026-H2 policy accepts; `goal` and `title` are lines far apart."""
    return contract_text(goal, title)


def contract_of(person: str) -> str:
    return f"{H2}/contracts/{person}.yaml"


APPEAL = f"{H2}/appeals/sunli.yaml"
APPEAL_FILED = (
    "# yaml-language-server: $schema=../../../schemas/appeal.schema.json\n"
    "filed: 2027-01-14\n"
    "about: grade\n"
    "grade_received: D\n"
    "reason: 第三季度区域竞争对手大幅降价,销售额未达标有客观原因。\n"
    "requested: 重新评估销售额一项的评分。\n"
)


# --- GitHub's JSON shapes -------------------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    """A pull request merged into main: its number, head and merge commit."""

    number: int
    head: str
    merge: str


@dataclass
class History:
    """A repository R on disk whose main the scenario writes, the fake GitHub that knows its
    pull requests, and the transcript of every perfcode command run on it."""

    root: Path
    github: FakeGitHub
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]
    transcript: list[str] = field(default_factory=list)

    # -- git --------------------------------------------------------------------------------

    def git(self, *args: str, at: str, who: str = "admin") -> str:
        name, email = BOT if who == "bot" else (who, f"{who}@example.com")
        return git(self.root, *args, at=at, name=name, email=email)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD", at="2026-01-01T00:00:00Z")

    def _write(self, files: Mapping[str, str | None]) -> None:
        for path, text in files.items():
            target = self.root / path
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="\n")

    def push(self, message: str, files: Mapping[str, str | None], at: str) -> str:
        """A commit made on main and pushed there directly (no pull request)."""
        self._write(files)
        self.git("add", "-A", at=at)
        self.git("commit", "-q", "-m", message, at=at)
        return self.head()

    def merge(
        self,
        number: int,
        author: str,
        files: Mapping[str, str | None],
        day: str,
        *,
        signs: Sequence[str] = (),
        approvals: Sequence[str] = (),
        served: bool = True,
        readable: bool = True,
        since: str | None = None,
    ) -> Merged:
        """Pull request `number` by `author`, branched from `since` (default: main's head),
        merged on `day` with a merge commit. `signs` comment `/sign <head>`, `approvals`
        approve the head. Not `served`: GitHub knows no pull request for the merge commit
        (someone merged a branch and pushed it). Not `readable`: GitHub's contents endpoint
        answers 404 for the head's files."""
        branch = f"pr-{number}"
        base = since or self.head()
        opened, merged_at = f"{day}T08:00:00Z", f"{day}T10:00:00Z"
        self.git("checkout", "-q", "-b", branch, base, at=opened)
        self._write(files)
        self.git("add", "-A", at=opened, who=author)
        self.git("commit", "-q", "-m", f"records ({branch})", at=opened, who=author)
        head = self.head()
        self.git("checkout", "-q", "main", at=merged_at)
        message = f"Merge pull request #{number} from acme/{branch}"
        self.git("merge", "-q", "--no-ff", "-m", message, branch, at=merged_at, who="merger")
        merge = self.head()
        if served:
            self._serve(number, author, base, head, merge, merged_at, signs, approvals, readable)
        return Merged(number, head, merge)

    def _serve(
        self,
        number: int,
        author: str,
        base: str,
        head: str,
        merge: str,
        merged_at: str,
        signs: Sequence[str],
        approvals: Sequence[str],
        readable: bool,
    ) -> None:
        day = merged_at[:10]
        listed = self.git("diff", "--name-status", "--no-renames", base, head, at=merged_at)
        status = {"A": "added", "M": "modified", "D": "removed"}
        files = []
        for line in listed.splitlines():
            letter, path = line.split("\t")
            item: dict[str, Any] = {"filename": path, "status": status[letter]}
            if letter != "D":
                text = self.git("show", f"{head}:{path}", at=merged_at) + "\n"
                item["sha"] = blob_id(text.encode("utf-8"))
                assert item["sha"] == self.git("rev-parse", f"{head}:{path}", at=merged_at)
                if readable:
                    self.github.contents[(head, path)] = text
            files.append(item)
        self.github.merged(
            number,
            user(author),
            base=base,
            head=head,
            merge=merge,
            merged_at=merged_at,
            files=files,
        )
        self.github.reviews[number] = [
            {
                "id": 3_000_000 + number * 100 + i,
                "user": user(login),
                "body": "",
                "state": "APPROVED",
                "commit_id": head,
                "submitted_at": f"{day}T09:{i:02d}:00Z",
                "author_association": "MEMBER",
            }
            for i, login in enumerate(approvals, 1)
        ]
        self.github.comments[number] = [
            {
                "id": 2_600_000 + number * 100 + i,
                "user": user(login),
                "body": f"/sign {head}",
                "created_at": f"{day}T08:{30 + i:02d}:00Z",
                "updated_at": f"{day}T08:{30 + i:02d}:00Z",
                "author_association": "MEMBER",
            }
            for i, login in enumerate(signs, 1)
        ]

    # -- perfcode ---------------------------------------------------------------------------

    def call(self, *args: str, key: str | None = KEY) -> tuple[int, str, str]:
        """`perfcode ARGS` in this process against the fake GitHub."""
        self.monkeypatch.setenv("GITHUB_API_URL", self.github.url)
        self.monkeypatch.setenv("GITHUB_TOKEN", "test-token")
        if key is None:
            self.monkeypatch.delenv("PERFCODE_EVIDENCE_KEY", raising=False)
        else:
            self.monkeypatch.setenv("PERFCODE_EVIDENCE_KEY", key)
        code = main(list(args))
        out, err = self.capsys.readouterr()
        assert "Traceback" not in out + err and "internal error" not in out + err
        return code, out, err

    def run(self, *args: str, key: str | None = KEY) -> tuple[int, str, str]:
        """`call`, written to the transcript with R for the repository's folder."""
        code, out, err = self.call(*args, key=key)
        shown = " ".join(args).replace(str(self.root), "R")
        self.transcript.append(f"$ perfcode {shown}")
        for stream in (out, err):
            self.transcript.extend(stream.replace(str(self.root), "R").splitlines())
        self.transcript.append(f"[exit {code}]")
        return code, out, err

    def record(self, at: str, key: str | None = KEY) -> tuple[int, str, str | None]:
        """The publish workflow's step: record, then commit and push what record wrote (only
        cycles/*/signatures.yaml) as the app; the commit, None when nothing changed."""
        code, out, err = self.run("signatures", "record", "--repo", REPO, "--root", str(self.root))
        assert err == "" or code != 0, err
        changed = self.git("status", "--porcelain", at=at)
        if not changed:
            return code, out, None
        assert all(line[3:].endswith("signatures.yaml") for line in changed.splitlines()), changed
        self.git("add", "--", "cycles/*/signatures.yaml", at=at, who="bot")
        self.git("commit", "-q", "-m", RECORDER, at=at, who="bot")
        commit = self.head()
        self.transcript.append(f"(the workflow committed {commit[:12]}: {RECORDER})")
        return code, out, commit

    def verify(self, *extra: str) -> tuple[int, str]:
        code, out, err = self.run("verify", str(self.root), *extra)
        assert err == ""
        return code, out

    def validate(self) -> tuple[int, str]:
        code, out, err = self.run("validate", str(self.root))
        assert err == ""
        return code, out

    def status(self, today: str = "2026-07-20") -> tuple[set[str], dict[str, list[str]]]:
        """The 2026-H2 contracts `perfcode status` counts signed, and those it reports
        unsigned (with who owes the signature), on `today`; checked against the facts
        status is built from (`workflow.owed.progress`)."""
        args = ["status", str(self.root), "--cycle", "2026-H2", "--today", today]
        code, out, err = self.call(*args, "--format", "json")
        assert (code, err) == (0, "")
        (cycle,) = json.loads(out)["cycles"]
        assert cycle["signatures_judged"] is True
        unsigned = {
            item["person"]: item["owed_by"]
            for phase in cycle["phases"]
            for item in phase["items"]
            if item["kind"] == "contract_unsigned"
        }
        signed = self.signed_by_evidence(today)
        assert signed.isdisjoint(unsigned) and signed | set(unsigned) == set(self.contracts())
        owing = ", ".join(f"{p} (owed by {', '.join(w)})" for p, w in sorted(unsigned.items()))
        self.transcript.append(
            f"# perfcode status on {today}: 2026-H2 contracts signed: "
            f"{', '.join(sorted(signed)) or '-'}; unsigned: {owing or '-'}"
        )
        return signed, unsigned

    def contracts(self) -> list[str]:
        return sorted(p.stem for p in (self.root / H2 / "contracts").glob("*.yaml"))

    def signed_by_evidence(self, today: str = "2026-07-20") -> set[str]:
        """The contracts signed by the person and the manager, as `perfcode status` (and the
        site) judge them: `workflow.owed.progress` on the repository as it is."""
        repo, _ = load.load_repository(self.root)
        facts = owed.progress(repo, None, "2026-H2", date.fromisoformat(today))
        return set(facts.signed)

    def entries(self, path: str = EVIDENCE) -> list[dict[str, Any]]:
        data = yamlio.parse((self.root / path).read_text(encoding="utf-8"))
        assert isinstance(data, dict)
        found = data["entries"]
        assert isinstance(found, list)
        return found

    def write_entries(self, entries: list[dict[str, Any]], path: str = EVIDENCE) -> None:
        text = signcheck.MODELINE + yamlio.dump({"entries": entries}, yamlio.EVIDENCE)
        (self.root / path).write_text(text, encoding="utf-8", newline="\n")

    def expect(self, scenario: str) -> None:
        """The transcript is history/<scenario>/expected.txt."""
        expected = HISTORY / scenario / "expected.txt"
        text = "\n".join(self.transcript) + "\n"
        if UPDATE:
            expected.parent.mkdir(parents=True, exist_ok=True)
            expected.write_text(text, encoding="utf-8")
        assert text == expected.read_text(encoding="utf-8")


def adopted(org: str) -> str:
    """people/org.yaml keeping evidence with the tests' key (since the 2026-H2 cycle)."""
    keys = f'evidence_keys: ["{proof.public_key(KEY)}"]\nevidence_since: 2026-07-01\n'
    return org.replace("policy_owners:", keys + "policy_owners:", 1)


def start(root: Path, github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> History:
    """The base registry on main, then pull request #1 (the policy owner's) that starts
    keeping evidence: the first commit verify walks."""
    shutil.copytree(BASE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the registry", at="2026-06-20T09:00:00Z")
    history = History(root, github, monkeypatch, capsys)
    org = (root / "people/org.yaml").read_text(encoding="utf-8")
    history.merge(1, "zhaomin", {"people/org.yaml": adopted(org)}, "2026-07-01", signs=["zhaomin"])
    return history


@pytest.fixture
def history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[History]:
    with running(FakeGitHub()) as github:
        yield start(tmp_path / "records", github, monkeypatch, capsys)


def codes(out: str) -> list[str]:
    """The problem codes of text output, in order."""
    return [line.split(" ")[1] for line in out.splitlines() if ": PC" in line]


SUNLI, ZHOUJIE = contract_of("sunli"), contract_of("zhoujie")


def signed_contracts(h: History, first: int = 2) -> tuple[Merged, Merged]:
    """Pull requests `first` and `first + 1`: sunli's and zhoujie's contracts, each signed
    by the person (approval) and their manager wanghongjun, the author (/sign)."""
    sunli = h.merge(
        first,
        "wanghongjun",
        {SUNLI: contract()},
        "2026-07-06",
        signs=["wanghongjun"],
        approvals=["sunli"],
    )
    zhoujie = h.merge(
        first + 1,
        "wanghongjun",
        {ZHOUJIE: contract()},
        "2026-07-07",
        signs=["wanghongjun"],
        approvals=["zhoujie"],
    )
    return sunli, zhoujie


def recorded_line(merged: Merged, state: str = "signed") -> str:
    return f"recorded #{merged.number} (commit {merged.merge[:12]}, {state}) in {EVIDENCE}\n"


# --- the legitimate flow ---------------------------------------------------------------------


def test_two_merges_are_recorded_in_one_run_and_a_second_run_writes_nothing(
    history: History,
) -> None:
    h = history
    code, out, commit = h.record("2026-07-01T11:00:00Z")
    adoption = h.git("rev-parse", "HEAD~1", at="2026-07-01T11:00:00Z")
    assert (code, commit is not None) == (0, True)
    assert out == f"recorded #1 (commit {adoption[:12]}, signed) in {EVIDENCE}\n"
    sunli, zhoujie = signed_contracts(h)
    code, out, commit = h.record("2026-07-07T11:00:00Z")
    assert (code, out) == (0, recorded_line(sunli) + recorded_line(zhoujie))
    assert commit is not None and [e["pr"] for e in h.entries()] == [1, 2, 3]
    assert [e["merge"] for e in h.entries()] == [adoption, sunli.merge, zhoujie.merge]
    blobs = {
        p: h.git("rev-parse", f"HEAD:{p}", at="2026-07-07T11:00:00Z") for p in (SUNLI, ZHOUJIE)
    }
    assert h.entries()[1]["changes"] == {SUNLI: blobs[SUNLI]}
    assert h.entries()[2]["changes"] == {ZHOUJIE: blobs[ZHOUJIE]}
    before = (h.root / EVIDENCE).read_bytes()
    code, out, commit = h.record("2026-07-07T12:00:00Z")  # nothing new: nothing written
    assert (code, out, commit) == (0, "", None)
    assert (h.root / EVIDENCE).read_bytes() == before
    code, out = h.verify()
    assert code == 0 and codes(out) == []
    assert out.endswith(
        f"Verified 3 change(s) in 5 commit(s) since commit {adoption[:12]}: "
        "every change carries its signatures.\n"
    )
    assert h.validate() == (0, "已检查 21 个文件:没有问题。\n")  # the example: a zh organisation
    assert h.status() == ({"sunli", "zhoujie"}, {})
    h.expect("two-merges-one-run")


def test_a_run_after_a_cancelled_one_catches_up(history: History) -> None:
    h = history
    first, second = signed_contracts(h)
    h.record("2026-07-07T11:00:00Z")
    # a burst of merges: the run for #4 was cancelled by the run for #5
    third = h.merge(
        4,
        "heli",
        {contract_of("fengxue"): contract()},
        "2026-07-08",
        signs=["heli"],
        approvals=["fengxue"],
    )
    fourth = h.merge(
        5,
        "heli",
        {contract_of("wuqian"): contract()},
        "2026-07-09",
        signs=["heli"],
        approvals=["wuqian"],
    )
    code, out, commit = h.record("2026-07-09T11:00:00Z")
    assert (code, out) == (0, recorded_line(third) + recorded_line(fourth)) and commit
    assert [e["pr"] for e in h.entries()] == [1, 2, 3, 4, 5]
    assert [e["merge"] for e in h.entries()][1:] == [
        m.merge for m in (first, second, third, fourth)
    ]
    code, out = h.verify()
    assert code == 0 and codes(out) == []
    assert h.validate()[0] == 0
    assert h.status() == ({"sunli", "zhoujie", "fengxue", "wuqian"}, {})
    h.expect("cancelled-run")


# --- changes that skipped the check -----------------------------------------------------------

CHANGED = contract(goal="季度销售额达到80万元")


@pytest.mark.parametrize("how", ["direct-push", "branch-merged-without-pull-request"])
def test_a_change_without_a_pull_request_is_a_gap(history: History, how: str) -> None:
    h = history
    signed_contracts(h)
    h.record("2026-07-07T11:00:00Z")
    if how == "direct-push":
        commit = h.push("raise sunli's target", {SUNLI: CHANGED}, "2026-07-08T10:00:00Z")
    else:  # a branch merged locally and pushed by an administrator: GitHub knows no PR
        commit = h.merge(9, "wanghongjun", {SUNLI: CHANGED}, "2026-07-08", served=False).merge
    code, out, recorded = h.record("2026-07-08T11:00:00Z")
    assert (code, recorded) == (0, None)
    assert out == (
        f"commit {commit[:12]} was not merged from a pull request into the default branch: "
        "nothing to record (perfcode verify reports it)\n"
    )
    code, out = h.verify()
    assert code == 1 and codes(out) == ["PC063"]
    assert out.startswith(f"{SUNLI}:1:1: PC063 commit {commit[:12]} (")
    assert f"changed {SUNLI} with no signature evidence" in out
    assert h.validate()[0] == 0  # the evidence itself is intact: only verify sees the gap
    assert h.status() == ({"zhoujie"}, {"sunli": ["sunli", "wanghongjun"]})
    if how == "direct-push":  # the JSON shape of verify's report
        code, out, err = h.call("verify", str(h.root), "--format", "json")
        expected = HISTORY / how / "expected.json"
        if UPDATE:
            expected.write_text(out, encoding="utf-8")
        assert (code, err, json.loads(out)) == (1, "", json.loads(expected.read_text("utf-8")))
    h.expect(how)


ONLY_ADDED = (
    "removed or changed signature evidence that was recorded before it: evidence is only ever added"
)


# --- evidence removed ------------------------------------------------------------------------


def _removed(h: History, what: str) -> dict[str, str | None]:
    if what == "the-file":
        return {EVIDENCE: None}
    entries = h.entries()
    h.write_entries(entries[:-1] if what == "the-last-entry" else [])
    text = (h.root / EVIDENCE).read_text(encoding="utf-8")
    return {EVIDENCE: text}


@pytest.mark.parametrize("how", ["direct-push", "pull-request"])
@pytest.mark.parametrize("what", ["the-last-entry", "every-entry", "the-file"])
def test_removed_evidence_is_a_gap_and_the_contracts_are_unsigned(
    history: History, what: str, how: str
) -> None:
    h = history
    sunli, zhoujie = signed_contracts(h)
    h.record("2026-07-07T11:00:00Z")
    assert h.status() == ({"sunli", "zhoujie"}, {})
    files = _removed(h, what)
    if how == "direct-push":
        tamper = h.push("tidy the evidence", files, "2026-07-08T10:00:00Z")
    else:  # reviewed like any pull request: the policy owner approved it
        tamper = h.merge(
            9, "wanghongjun", files, "2026-07-08", signs=["wanghongjun"], approvals=["zhaomin"]
        ).merge
    lost = [zhoujie] if what == "the-last-entry" else [sunli, zhoujie]
    code, out = h.verify()
    assert code == 1
    gaps = out.splitlines()
    assert f"{EVIDENCE}:1:1: PC063 commit {tamper[:12]} (" in out
    assert any(
        line.startswith(f"{EVIDENCE}:1:1: PC063 commit {tamper[:12]} (")
        and line.endswith(ONLY_ADDED)
        for line in gaps
    )
    for merged in lost:
        assert any(
            f"PC063 commit {merged.merge[:12]} (" in line and "no signature evidence" in line
            for line in gaps
        )
    # the adoption (#1) lost its evidence too, unless only the last entry went
    assert codes(out) == ["PC063"] * (2 + len(lost) - (what == "the-last-entry"))
    unsigned = {p: [p, "wanghongjun"] for p in ("sunli", "zhoujie")}
    if what == "the-last-entry":
        assert h.status() == ({"sunli"}, {"zhoujie": unsigned["zhoujie"]})
    else:  # today's bug fixed: a deleted file no longer stops status from reporting
        assert h.status() == (set(), unsigned)
    # the next run of the recorder (the push started it) keeps again what GitHub still
    # knows: the contracts count as signed again, but main's history still shows the removal
    code, out, commit = h.record("2026-07-08T11:00:00Z")
    assert code == 0 and commit is not None
    assert all(recorded_line(m) in out for m in lost)
    assert h.status() == ({"sunli", "zhoujie"}, {})
    code, out = h.verify()
    assert code == 1 and codes(out) == ["PC063"]
    assert f"{EVIDENCE}:1:1: PC063 commit {tamper[:12]} (" in out
    h.expect(f"removed-{what}-{how}")


# --- evidence edited or forged ---------------------------------------------------------------


@pytest.mark.parametrize("how", ["signer-added-proof-kept", "signer-added-proof-by-another-key"])
def test_an_edited_entry_is_not_authentic(history: History, how: str) -> None:
    h = history
    # sunli's contract merged with only her manager's /sign: she never signed
    merged = h.merge(2, "wanghongjun", {SUNLI: contract()}, "2026-07-06", signs=["wanghongjun"])
    code, out, _ = h.record("2026-07-06T11:00:00Z")
    assert recorded_line(merged, "NOT fully signed") in out
    entries = h.entries()
    entry = entries[-1]
    assert entry["missing"] == ["sunli"]
    entry["signatures"].append(
        {**entry["signatures"][0], "person": "sunli", "login": "sunli", "comment_id": 2600299}
    )
    entry["missing"] = []
    if how == "signer-added-proof-by-another-key":
        entry["proof"] = proof.sign(kept.canonical(entry), OTHER_KEY)
    h.write_entries(entries)
    tamper = h.push(
        "sunli signed on paper",
        {EVIDENCE: (h.root / EVIDENCE).read_text("utf-8")},
        "2026-07-07T09:00:00Z",
    )
    code, out = h.validate()
    assert code == 1 and codes(out) == ["PC045"]
    assert "the evidence for pull request #2 was not written by the recording workflow" in out
    code, out = h.verify()
    assert code == 1 and sorted(codes(out)) == ["PC045", "PC063", "PC063"]
    assert f"PC063 commit {tamper[:12]} (" in out and f"PC063 commit {merged.merge[:12]} (" in out
    # status refuses to count on records with errors, and names the forgery
    code, out, _ = h.run("status", str(h.root), "--cycle", "2026-H2", "--today", "2026-07-20")
    assert code == 1 and codes(out) == ["PC045"]
    assert h.signed_by_evidence() == set()  # what it would count: sunli's is unsigned
    h.expect(how)


def test_an_entry_signed_with_a_key_org_yaml_does_not_list_is_not_authentic(
    history: History,
) -> None:
    h = history
    signed_contracts(h)
    h.record("2026-07-07T11:00:00Z")
    push = h.push("zhoujie's new target", {ZHOUJIE: CHANGED}, "2026-07-08T10:00:00Z")
    # evidence for the push, made like the recorder's, appended (only added) with another key
    blob = h.git("rev-parse", f"HEAD:{ZHOUJIE}", at="2026-07-08T10:00:00Z")
    forged = {**h.entries()[-1], "pr": 9, "merge": push, "merged_at": "2026-07-08T10:00:00Z"}
    forged["base"] = h.git("rev-parse", "HEAD~1", at="2026-07-08T10:00:00Z")
    forged["changes"] = {ZHOUJIE: blob}
    forged["proof"] = proof.sign(kept.canonical(forged), OTHER_KEY)
    h.write_entries([*h.entries(), forged])
    h.push(RECORDER, {EVIDENCE: (h.root / EVIDENCE).read_text("utf-8")}, "2026-07-08T10:05:00Z")
    code, out = h.validate()
    assert code == 1 and codes(out) == ["PC045"] and "pull request #9" in out
    code, out = h.verify()
    assert code == 1 and sorted(codes(out)) == ["PC045", "PC063"]
    assert f"PC063 commit {push[:12]} (" in out and "only ever added" not in out
    code, out, _ = h.run("status", str(h.root), "--cycle", "2026-H2", "--today", "2026-07-20")
    assert code == 1 and codes(out) == ["PC045"]
    assert h.signed_by_evidence() == {"sunli"}  # zhoujie's changed contract is unsigned
    h.expect("entry-by-another-key")


def test_a_key_added_by_an_unsigned_change_vouches_for_nothing(history: History) -> None:
    """An administrator pushes an edit of zhoujie's contract together with a key of their own
    in people/org.yaml, then appends an entry signed with that key vouching for the push.
    validate cannot tell (the key is listed now); verify can: an entry counts only under a key
    trusted before the change it vouches for, and the key came in by an unsigned change."""
    h = history
    signed_contracts(h)
    h.record("2026-07-07T11:00:00Z")
    org = (h.root / "people/org.yaml").read_text("utf-8")
    theirs = proof.public_key(OTHER_KEY)
    with_theirs = org.replace("evidence_keys: [", f'evidence_keys: ["{theirs}", ', 1)
    assert with_theirs != org
    push = h.push(
        "zhoujie's new target",
        {ZHOUJIE: CHANGED, "people/org.yaml": with_theirs},
        "2026-07-08T10:00:00Z",
    )
    blob = h.git("rev-parse", f"HEAD:{ZHOUJIE}", at="2026-07-08T10:00:00Z")
    forged = {**h.entries()[-1], "pr": 9, "merge": push, "merged_at": "2026-07-08T10:00:00Z"}
    forged["base"] = h.git("rev-parse", "HEAD~1", at="2026-07-08T10:00:00Z")
    forged["changes"] = {ZHOUJIE: blob, "people/org.yaml": None}
    forged["changes"]["people/org.yaml"] = h.git(
        "rev-parse", "HEAD:people/org.yaml", at="2026-07-08T10:00:00Z"
    )
    forged["proof"] = proof.sign(kept.canonical(forged), OTHER_KEY)
    h.write_entries([*h.entries(), forged])
    h.push(RECORDER, {EVIDENCE: (h.root / EVIDENCE).read_text("utf-8")}, "2026-07-08T10:05:00Z")
    assert h.validate()[0] == 0  # every entry verifies under a key listed now
    code, out = h.verify()
    assert code == 1 and codes(out) == ["PC063"] and f"PC063 commit {push[:12]} (" in out
    # with the key pinned outside the repository, the same holds
    code, out = h.verify("--key", proof.public_key(KEY))
    assert code == 1 and codes(out) == ["PC063"]


def test_a_merge_github_cannot_tell_about_blocks_no_other(history: History) -> None:
    """GitHub lists a file name holding a line separator for pull request #2: that merge
    cannot be recorded (exit 1, one line says why), and #3 after it still is."""
    h = history
    two = h.merge(2, "wanghongjun", {SUNLI: contract()}, "2026-07-06", signs=["wanghongjun"])
    three = h.merge(3, "wanghongjun", {ZHOUJIE: contract()}, "2026-07-07", signs=["wanghongjun"])
    h.github.files[2].append({"filename": "a\u2028b.yaml", "status": "added", "sha": "1" * 40})
    h.github.pulls[2]["changed_files"] += 1
    code, out, _ = h.record("2026-07-07T11:00:00Z")
    assert code == 1
    assert f"could not record commit {two.merge[:12]}: GitHub's answer for the files" in out
    assert f"recorded #3 (commit {three.merge[:12]}" in out
    assert "1 merge(s) could not be recorded; the others were." in out
    assert [e["pr"] for e in h.entries()][-1] == 3


def test_a_recorder_style_commit_that_changes_an_earlier_entry_is_a_gap(
    history: History,
) -> None:
    h = history
    signed_contracts(h)
    h.record("2026-07-07T11:00:00Z")
    entries = h.entries()
    h.write_entries([entries[0], entries[2], entries[1]])  # every entry authentic still
    rewrite = h.push(
        RECORDER, {EVIDENCE: (h.root / EVIDENCE).read_text("utf-8")}, "2026-07-07T12:00:00Z"
    )
    code, out = h.verify()
    assert code == 1 and codes(out) == ["PC063"]
    assert out.startswith(
        f"{EVIDENCE}:1:1: PC063 commit {rewrite[:12]} ({RECORDER}) removed or changed "
        "signature evidence that was recorded before it: evidence is only ever added\n"
    )
    assert h.validate()[0] == 0
    h.expect("recorder-style-rewrite")


# --- what was merged is not what was signed; a signer missing -------------------------------


def test_merged_content_that_differs_from_the_signed_content_is_unsigned(
    history: History,
) -> None:
    h = history
    h.merge(
        2,
        "wanghongjun",
        {SUNLI: contract()},
        "2026-07-06",
        signs=["wanghongjun"],
        approvals=["sunli"],
    )
    fork = h.head()
    # two pull requests from the same commit, each signed by both, edit different lines
    h.merge(
        3,
        "wanghongjun",
        {SUNLI: contract(goal="季度销售额达到60万元")},
        "2026-07-08",
        signs=["wanghongjun"],
        approvals=["sunli"],
        since=fork,
    )
    late = h.merge(
        4,
        "wanghongjun",
        {SUNLI: contract(title="季度回款额")},
        "2026-07-09",
        signs=["wanghongjun"],
        approvals=["sunli"],
        since=fork,
    )
    merged_text = (h.root / SUNLI).read_text(encoding="utf-8")
    assert merged_text == contract(goal="季度销售额达到60万元", title="季度回款额")
    code, out, _ = h.record("2026-07-09T11:00:00Z")
    assert code == 0 and recorded_line(late) in out
    signed_blob = h.github.files[4][0]["sha"]
    assert (
        h.entries()[-1]["changes"] == {SUNLI: signed_blob} != {SUNLI: blob_id(merged_text.encode())}
    )
    code, out = h.verify()
    assert code == 1 and codes(out) == ["PC064"]
    assert out.startswith(
        f"{SUNLI}:1:1: PC064 commit {late.merge[:12]} (Merge pull request #4 from acme/pr-4) "
        f"merged pull request #4, but {SUNLI} as merged is not the content that was signed"
    )
    assert h.status() == (set(), {"sunli": ["sunli", "wanghongjun"]})
    h.expect("merged-content-differs")


def test_a_merge_without_a_required_signer_is_a_gap(history: History) -> None:
    h = history
    # sunli signs her contract; an administrator merges it without her manager
    merged = h.merge(2, "sunli", {SUNLI: contract()}, "2026-07-06", signs=["sunli"])
    code, out, _ = h.record("2026-07-06T11:00:00Z")
    assert code == 0 and out.endswith(recorded_line(merged, "NOT fully signed"))
    assert h.entries()[-1]["missing"] == ["wanghongjun"]
    code, out = h.verify()
    assert code == 1 and codes(out) == ["PC065"]
    assert out.startswith(
        f"{SUNLI}:1:1: PC065 commit {merged.merge[:12]} (Merge pull request #2 from acme/pr-2) "
        f"merged pull request #2 without the signature of wanghongjun, whom {SUNLI} needs"
    )
    assert h.validate()[0] == 0
    assert h.status() == (set(), {"sunli": ["wanghongjun"]})
    h.expect("required-signer-missing")


def test_a_push_back_to_content_signed_earlier_is_unsigned_and_verify_reports_it(
    history: History,
) -> None:
    """Only the latest entry that changed a file decides: an administrator who pushes sunli's
    contract back to the version both signed first (after both signed a newer one) leaves a
    contract nobody signed as it stands; verify names the push."""
    h = history
    h.merge(
        2,
        "wanghongjun",
        {SUNLI: contract()},
        "2026-07-06",
        signs=["wanghongjun"],
        approvals=["sunli"],
    )
    h.merge(
        3, "wanghongjun", {SUNLI: CHANGED}, "2026-07-08", signs=["wanghongjun"], approvals=["sunli"]
    )
    h.record("2026-07-08T11:00:00Z")
    push = h.push("back to the first targets", {SUNLI: contract()}, "2026-07-09T10:00:00Z")
    code, out = h.verify()
    assert code == 1 and codes(out) == ["PC063"] and f"PC063 commit {push[:12]} (" in out
    assert h.status() == (set(), {"sunli": ["sunli", "wanghongjun"]})
    h.expect("push-back-to-signed-content")


# --- the recorder's key --------------------------------------------------------------------

REFUSED = {
    "no key": (None, "PERFCODE_EVIDENCE_KEY is not set"),
    "an empty key": ("", "PERFCODE_EVIDENCE_KEY is not set"),
    "a key org.yaml does not list": (
        OTHER_KEY,
        f"the evidence key's public key {proof.public_key(OTHER_KEY)} is not in "
        "people/org.yaml's evidence_keys",
    ),
    "not a key": ("ed25519:" + "A" * 44, "PERFCODE_EVIDENCE_KEY is not an evidence key"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_record_refuses_without_the_recorders_key(history: History, case: str) -> None:
    key, says = REFUSED[case]
    h = history
    signed_contracts(h)
    code, out, err = h.call("signatures", "record", "--repo", REPO, "--root", str(h.root), key=key)
    assert (code, out) == (2, "")
    assert err.startswith(f"perfcode: {says}") and len(err.splitlines()) == 1, err
    assert not (h.root / EVIDENCE).exists()
    assert h.git("status", "--porcelain", at="2026-07-07T11:00:00Z") == ""
    assert not [r for r, _ in h.github.requests if "/pulls" in r]  # nothing asked of GitHub


# --- fail closed ---------------------------------------------------------------------------


@pytest.mark.parametrize("readable", [True, False], ids=["readable", "unreadable"])
def test_an_appeal_github_cannot_give_at_the_head_needs_the_policy_owner_too(
    history: History, readable: bool
) -> None:
    h = history
    merged = h.merge(
        2, "sunli", {APPEAL: APPEAL_FILED}, "2027-01-14", signs=["sunli"], readable=readable
    )
    code, out, _ = h.record("2027-01-14T11:00:00Z")
    assert code == 0
    (entry,) = [e for e in h.entries() if e["pr"] == 2]
    assert [s["person"] for s in entry["signatures"]] == ["sunli"]
    if readable:  # the filing only: sunli signs it
        assert entry["missing"] == [] and recorded_line(merged) in out
        assert (APPEAL, "") not in h.github.contents
    else:  # GitHub answered 404: filing AND answer changed, as far as the check knows
        assert entry["missing"] == ["zhaomin"]  # the one policy owner
        assert recorded_line(merged, "NOT fully signed") in out
    # verify reads the appeal from git, where it can always be read (the filing only), and
    # also holds the check's own verdict at the merge: a signer it found missing is missing
    code, out = h.verify()
    assert (code, codes(out)) == ((0, []) if readable else (1, ["PC065"])), out
    h.expect(f"appeal-{'readable' if readable else 'unreadable'}")


# --- a repository that keeps evidence from its very first commit -----------------------------


def test_a_repository_that_keeps_evidence_from_its_first_commit_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "records"
    shutil.copytree(BASE, root)
    org = root / "people/org.yaml"
    org.write_text(adopted(org.read_text(encoding="utf-8")), encoding="utf-8", newline="\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the registry, keeping evidence", at="2026-06-20T09:00:00Z")
    with running(FakeGitHub()) as github:
        h = History(root, github, monkeypatch, capsys)
        signed_contracts(h)
        code, out, _ = h.record("2026-07-07T11:00:00Z")
        assert code == 0 and out.count("recorded #") == 2
        code, out = h.verify()
    # the commit that adopts evidence keeping is where verification starts
    assert (code, codes(out)) == (0, []), out
