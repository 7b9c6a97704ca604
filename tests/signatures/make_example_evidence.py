"""Signature evidence for the example organisation, made by the real `record` code path.

    .venv/bin/python tests/signatures/make_example_evidence.py [ROOT]

replays a handful of merged pull requests of the example organisation (ROOT, default: the
bundled example, tooling/perfcode/scaffold/example; `.` for this repository while it holds the
example) and records them with the real `perfcode signatures record` against the fake
GitHub of conftest.py on 127.0.0.1, writing what it keeps into ROOT's
cycles/<cycle>/signatures.yaml.

How: a scratch git repository starts as the example's people/ and cycles/ (with this
repository's schemas/) without the files the pull requests add; each pull request, in the
order they were merged, becomes a commit on main (its merge) holding the head's files. The
fake server answers for each merge with the pull request (GitHub's JSON shapes), its files
with their real blob ids, reviews, comments and the compare of every commit signed. Then
one `record` catches up on all of them, signed with the EXAMPLE organisation's evidence key
below (its public half is in the example's people/org.yaml; a real organisation makes its
own with `perfcode signatures keygen` and keeps the private half in a secret). Run it again
after the people registry or these records change; test_example_evidence.py fails while
the committed evidence differs from what this script makes (ignoring the commits' SHAs and
the proofs signed over them, which depend on every file of the registry).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from conftest import REPO, FakeGitHub, running  # noqa: E402

from example_org import EXAMPLE, copy_organisation  # noqa: E402
from gitrepo import git as _git  # noqa: E402
from perfcode.cli import main  # noqa: E402
from perfcode.io.git import blob_id  # noqa: E402

H2 = "cycles/2026-H2"
APPEAL = f"{H2}/appeals/sunli.yaml"


@dataclass(frozen=True)
class Pull:
    """A merged pull request as GitHub tells it: commits are (label, committed at), the
    last is the head; reviews are (login, state, commit label, submitted at); comments are
    (login, body, created at); `texts` gives a file's text at the head when it is not the
    example's current file."""

    number: int
    title: str
    author: str
    files: tuple[tuple[str, str], ...]  # (path, added | modified)
    commits: tuple[tuple[str, str], ...]
    merged_at: str
    reviews: tuple[tuple[str, str, str, str], ...] = ()
    comments: tuple[tuple[str, str, str], ...] = ()
    texts: dict[str, str] = field(default_factory=dict)


#: the example organisation's recorder key: published here, so it proves nothing outside the
#: example (never use it for real records)
EXAMPLE_KEY = "perfcode-evidence-key:" + "ZXhhbXBsZSBvcmdhbmlzYXRpb24ga2V5IC0gcHVibGk="


def sha(pull: int, label: str) -> str:
    """A commit SHA as git would print it (40 hex), the same on every run."""
    return hashlib.sha1(f"example pull request {pull} commit {label}".encode()).hexdigest()


def filing(text: str) -> str:
    """An appeal as filed: everything before HR's `answer:` block."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("answer:"))
    rest = [line for line in lines[start + 1 :] if not line.startswith((" ", "\t"))]
    return "".join(lines[:start] + rest)


def pulls(root: Path) -> list[Pull]:
    """The example organisation's merged pull requests, in the order they were merged."""
    appeal = (root / APPEAL).read_text(encoding="utf-8")
    contract = f"{H2}/contracts/{{}}.yaml"
    written = [
        # goal setting (2026-07-01 – 2026-07-31): contracts, the person and the manager sign
        Pull(
            9,
            "管理人员 2026年下半年绩效契约",
            "zhaomin",
            tuple(
                (contract.format(p), "added") for p in ("heli", "huangwei", "linzong", "zhaomin")
            ),
            (("1", "2026-07-01T07:12:54Z"),),
            "2026-07-03T10:41:07Z",
            reviews=(
                ("linzong", "APPROVED", "1", "2026-07-02T01:33:18Z"),
                ("huangwei", "APPROVED", "1", "2026-07-02T03:08:45Z"),
                ("heli", "COMMENTED", "1", "2026-07-02T06:21:02Z"),
                ("heli", "APPROVED", "1", "2026-07-03T02:57:39Z"),
                ("chenzong", "APPROVED", "1", "2026-07-03T10:30:11Z"),
            ),
            # the author signs her own contract with /sign and the head's full SHA
            comments=(("zhaomin", f"/sign {sha(9, '1')}", "2026-07-01T07:20:03Z"),),
        ),
        Pull(
            12,
            "王红军 2026年下半年绩效契约",
            "wanghongjun",
            ((contract.format("wanghongjun"), "added"),),
            (("1", "2026-07-06T02:18:40Z"),),
            "2026-07-07T02:05:31Z",
            reviews=(("linzong", "APPROVED", "1", "2026-07-07T01:52:09Z"),),
            comments=(("wanghongjun", f"/sign {sha(12, '1')}", "2026-07-06T02:25:12Z"),),
        ),
        Pull(
            15,
            "刘洋、周杰、孙丽 2026年下半年绩效契约",
            "wanghongjun",
            tuple((contract.format(p), "added") for p in ("liuyang", "sunli", "zhoujie")),
            (("1", "2026-07-08T03:10:27Z"), ("2", "2026-07-10T07:45:12Z")),
            "2026-07-13T02:00:48Z",
            reviews=(
                ("sunli", "CHANGES_REQUESTED", "1", "2026-07-09T02:30:51Z"),
                ("liuyang", "APPROVED", "2", "2026-07-10T08:02:37Z"),
                ("sunli", "APPROVED", "2", "2026-07-10T09:11:05Z"),
            ),
            # zhoujie was travelling and signed with a comment from his phone
            comments=(
                ("wanghongjun", f"/sign {sha(15, '2')}", "2026-07-10T07:50:40Z"),
                ("zhoujie", f"/sign {sha(15, '2')}", "2026-07-13T01:20:33Z"),
            ),
        ),
        Pull(
            18,
            "冯雪、吴倩、郑凯 2026年下半年绩效契约",
            "heli",
            tuple((contract.format(p), "added") for p in ("fengxue", "wuqian", "zhengkai")),
            (("1", "2026-07-21T06:30:02Z"), ("2", "2026-07-23T03:12:48Z")),
            "2026-07-24T09:30:15Z",
            reviews=(
                # zhengkai approved the first draft and not the corrected head: merged by an
                # administrator with his signature missing
                ("zhengkai", "APPROVED", "1", "2026-07-22T02:14:19Z"),
                ("fengxue", "APPROVED", "2", "2026-07-23T05:40:56Z"),
                ("wuqian", "APPROVED", "2", "2026-07-23T07:05:31Z"),
            ),
            comments=(("heli", f"/sign {sha(18, '2')}", "2026-07-23T03:20:09Z"),),
        ),
        Pull(
            21,
            "高飞、马军、徐明 2026年下半年绩效契约",
            "huangwei",
            tuple((contract.format(p), "added") for p in ("gaofei", "majun", "xuming")),
            (("1", "2026-07-27T08:03:26Z"),),
            "2026-07-29T03:47:52Z",
            reviews=(
                ("xuming", "APPROVED", "1", "2026-07-27T09:15:40Z"),
                ("gaofei", "APPROVED", "1", "2026-07-28T01:02:13Z"),
                ("majun", "APPROVED", "1", "2026-07-29T02:26:08Z"),
            ),
            comments=(("huangwei", f"/sign {sha(21, '1')}", "2026-07-27T08:10:44Z"),),
        ),
        # interviews (2027-01-11 – 2027-01-18): the interview and the improvement plan
        Pull(
            31,
            "孙丽 绩效面谈记录与绩效改进计划",
            "wanghongjun",
            ((f"{H2}/interviews/sunli.yaml", "added"), (f"{H2}/plans/sunli.yaml", "added")),
            (("1", "2027-01-13T08:40:09Z"),),
            "2027-01-13T09:12:44Z",
            reviews=(("sunli", "APPROVED", "1", "2027-01-13T09:05:26Z"),),
            comments=(("wanghongjun", f"/sign {sha(31, '1')}", "2027-01-13T08:45:51Z"),),
        ),
        # appeals (2027-01-11 – 2027-01-29): sunli files, HR answers
        Pull(
            32,
            "孙丽 绩效申诉",
            "sunli",
            ((APPEAL, "added"),),
            (("1", "2027-01-14T02:30:17Z"),),
            "2027-01-14T03:02:40Z",
            comments=(("sunli", f"/sign {sha(32, '1')}", "2027-01-14T02:41:30Z"),),
            texts={APPEAL: filing(appeal)},
        ),
        Pull(
            33,
            "答复孙丽的绩效申诉",
            "zhaomin",
            ((APPEAL, "modified"),),
            (("1", "2027-01-22T06:00:35Z"),),
            "2027-01-22T06:21:58Z",
            reviews=(("wanghongjun", "COMMENTED", "1", "2027-01-22T06:10:02Z"),),
            comments=(("zhaomin", f"/sign {sha(33, '1')}", "2027-01-22T06:15:27Z"),),
            texts={APPEAL: appeal},
        ),
    ]
    return sorted([*written, *collected(root, written)], key=lambda pull: pull.merged_at)


#: when HR merged the cycle's other records, by the folder (or file) they are in
COLLECTED = {
    "cycle.yaml": ("2026-2026 下半年绩效政策", "2026-06-25T08:00:00Z"),
    "goals.yaml": ("公司与部门目标", "2026-06-28T08:00:00Z"),
    "checkins": ("过程检查与一对一", "2026-12-15T09:00:00Z"),
    "reviews": ("自评与上级评价", "2026-12-31T09:00:00Z"),
    "calibration.yaml": ("校准会议决议", "2027-01-07T09:00:00Z"),
    "adjustments": ("加减分", "2027-01-08T09:00:00Z"),
    "results.yaml": ("绩效结果", "2027-01-11T02:00:00Z"),
}


def collected(root: Path, written: list[Pull]) -> list[Pull]:
    """One pull request per folder for the rest of the cycle's records, opened by HR
    (zhaomin) and signed by exactly the people the rules ask for (HR with /sign)."""
    from perfcode.load import repository as load
    from perfcode.signatures import rules as sig

    registry, _ = load.load_repository(root)
    done = {path for pull in written for path, _ in pull.files}
    groups: dict[str, list[str]] = {}
    for file in sorted((root / H2).rglob("*.yaml")):
        path = file.relative_to(root).as_posix()
        folder = path.split("/")[2]
        if path not in done and folder in COLLECTED:
            groups.setdefault(folder, []).append(path)
    found = []
    ordered = sorted(groups.items(), key=lambda group: COLLECTED[group[0]][1])
    for number, (folder, paths) in enumerate(ordered, 40):
        title, merged_at = COLLECTED[folder]
        files = [sig.ChangedFile(path, "added") for path in paths]
        subjects = {
            path: sig.subjects(kind, None, (root / path).read_text(encoding="utf-8"))
            for path in paths
            if (kind := sig.kind_of(path)[0]) in ("calibration", "results")
        }
        required = sig.required_signers(files, registry, merged_at[:10], sig.Details({}, subjects))
        signers = sorted({r.person or r.any_of[0] for r in required if r.person or r.any_of})
        at = merged_at.replace("T09", "T07").replace("T08", "T06").replace("T02", "T01")
        found.append(
            Pull(
                number,
                f"2026年下半年{title}",
                "zhaomin",
                tuple((path, "added") for path in paths),
                (("1", at),),
                merged_at,
                reviews=tuple((p, "APPROVED", "1", at) for p in signers if p != "zhaomin"),
                comments=(("zhaomin", f"/sign {sha(number, '1')}", at),)
                if "zhaomin" in signers
                else (),
            )
        )
    return found


# --- GitHub's JSON shapes -------------------------------------------------------------------


def _user(login: str) -> dict[str, Any]:
    number = 10_000 + int(hashlib.sha1(login.encode()).hexdigest()[:6], 16) % 90_000
    return {
        "login": login,
        "id": number,
        "node_id": f"U_{number}",
        "type": "User",
        "site_admin": False,
        "html_url": f"https://github.com/{login}",
    }


def blob(text: str) -> str:
    """The git blob id of a file's text, as written (UTF-8, LF)."""
    return blob_id(text.encode("utf-8"))


def _pull_json(pull: Pull, base: str, merge: str) -> dict[str, Any]:
    return {
        "url": f"https://api.github.com/repos/{REPO}/pulls/{pull.number}",
        "id": 2_100_000_000 + pull.number,
        "number": pull.number,
        "state": "closed",
        "title": pull.title,
        "user": _user(pull.author),
        "head": {"ref": f"records-{pull.number}", "sha": sha(pull.number, pull.commits[-1][0])},
        "base": {"ref": "main", "sha": base},
        "merged": True,
        "merged_at": pull.merged_at,
        "merge_commit_sha": merge,
        "changed_files": len(pull.files),
    }


def serve(github: FakeGitHub, pull: Pull, base: str, merge: str, texts: dict[str, str]) -> None:
    n, head = pull.number, sha(pull.number, pull.commits[-1][0])
    github.pulls[n] = _pull_json(pull, base, merge)
    github.commit_pulls[merge] = [github.pulls[n]]

    def files(label: str) -> list[dict[str, Any]]:
        # an earlier commit held an earlier draft of each file: another blob
        draft = "" if label == pull.commits[-1][0] else f"# draft {label}\n"
        return [
            {"sha": blob(draft + texts[path]), "filename": path, "status": status}
            for path, status in pull.files
        ]

    github.files[n] = files(pull.commits[-1][0])
    for label, _ in pull.commits:
        github.compares[sha(n, label)] = files(label)
    github.reviews[n] = [
        {
            "id": 3_000_000_000 + n * 1000 + i,
            "user": _user(login),
            "body": "",
            "state": state,
            "commit_id": sha(n, label),
            "submitted_at": at,
            "author_association": "MEMBER",
        }
        for i, (login, state, label, at) in enumerate(pull.reviews, 1)
    ]
    github.comments[n] = [
        {
            "id": 2_600_000_000 + n * 1000 + i,
            "user": _user(login),
            "body": body,
            "created_at": at,
            "updated_at": at,
            "author_association": "MEMBER",
        }
        for i, (login, body, at) in enumerate(pull.comments, 1)
    ]
    for path, _ in pull.files:
        github.contents[(head, path)] = texts[path]


# --- the replay ----------------------------------------------------------------------------


def git(root: Path, *args: str, at: str = "2026-07-01T00:00:00Z") -> str:
    """git in the replay repository, as the example's own committer."""
    return _git(root, *args, at=at, name="perfcode example", email="example@example.com")


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def make(source: Path) -> dict[str, str]:
    """The evidence files for the example at `source`: {relative path: text}."""
    merged = pulls(source)
    added = {path for pull in merged for path, status in pull.files if status == "added"}
    with tempfile.TemporaryDirectory(prefix="perfcode-evidence-") as folder:
        root = copy_organisation(source, Path(folder))
        for old in root.glob("cycles/*/signatures.yaml"):
            old.unlink()
        for path in added:
            (root / path).unlink()
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "the registry and the records before these pulls")
        with running(FakeGitHub(token="example-token")) as github:
            for pull in merged:
                texts = {
                    path: pull.texts.get(path) or (source / path).read_text(encoding="utf-8")
                    for path, _ in pull.files
                }
                base = git(root, "rev-parse", "HEAD")
                for path, text in texts.items():  # the merge
                    (root / path).write_text(text, encoding="utf-8", newline="\n")
                git(root, "add", "-A")
                git(root, "commit", "-q", "-m", pull.title, at=pull.merged_at)
                serve(github, pull, base, git(root, "rev-parse", "HEAD"), texts)
            with _environment(
                GITHUB_API_URL=github.url,
                GITHUB_TOKEN="example-token",
                PERFCODE_EVIDENCE_KEY=EXAMPLE_KEY,
            ):
                code = main(["signatures", "record", "--repo", REPO, "--root", str(root)])
            if code != 0:
                raise SystemExit("recording the example's pull requests failed")
        return {
            path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(root.glob("cycles/*/signatures.yaml"))
        }


if __name__ == "__main__":
    target = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else EXAMPLE
    for relative, text in make(target).items():
        (target / relative).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {relative}")
