"""`today:` in people/org.yaml pins the day the reporting commands take (`perfcode.clock`),
but never the signatures commands: whoever pushes controls org.yaml, so `perfcode
signatures`, its `record` and `verify` judge on the real date (or the merge's date, or the
check's own --today), whatever day org.yaml names.

The base registry's 2026-H1 closes on 2026-07-27; a record of a closed cycle also needs a
policy owner (zhaomin). A pin on either side of that day must change nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from gitrepo import git
from signatures import test_record_verify
from signatures.conftest import REPO, FakeGitHub
from signatures.test_record_verify import History
from signatures.test_signatures import HERE, commit_all, serve

CASE = HERE / "cases" / "closed-cycle-edit"  # wanghongjun edits his 2026-H1 review of zhoujie
REVIEW = "cycles/2026-H1/reviews/zhoujie/manager-wanghongjun.yaml"


#: the base registry keeping evidence, on main with pull request #1: test_record_verify's
#: fixture itself, not a copy
history = test_record_verify.history


def pin(org: str, day: str) -> str:
    return org.rstrip("\n") + f"\ntoday: {day}\n"


def test_the_check_judges_on_the_real_date_not_the_pinned_one(
    tmp_path: Path, github: FakeGitHub, cli: Any
) -> None:
    root = tmp_path / "base"
    shutil.copytree(HERE / "base", root)
    org = root / "people" / "org.yaml"
    org.write_text(pin(org.read_text("utf-8"), "2026-06-01"), "utf-8")  # before the close
    git(root, "init", "-q", "-b", "main")
    number = serve(github, CASE, commit_all(root, "base, today pinned before 2026-H1 closed"))
    args = ["signatures", "--repo", REPO, "--pr", str(number), "--root", str(root)]

    # no --today: the real date (after 2026-07-27), so the policy owner must sign as well
    code, out, err = cli(*args, "--format", "json")
    assert (code, err) == (1, "")
    assert [m["login"] for m in json.loads(out)["missing"]] == ["zhaomin"]
    # the check's own --today is still taken
    code, out, _ = cli(*args, "--format", "json", "--today", "2026-07-01")
    assert (code, json.loads(out)["missing"]) == (0, [])


def test_record_and_verify_judge_each_merge_as_at_the_merge(history: History) -> None:
    """org.yaml pins a day after 2026-H1 closed; a review of 2026-H1 merged before the close
    with the rater's signature alone is recorded as signed, and verify accepts it."""
    h = history
    org = (h.root / "people/org.yaml").read_text(encoding="utf-8")
    # 2026-H1 keeps evidence from here on: the evidence starts with it
    org = org.replace("evidence_since: 2026-07-01", "evidence_since: 2026-01-01")
    h.merge(
        2, "zhaomin", {"people/org.yaml": pin(org, "2026-12-01")}, "2026-07-02", signs=["zhaomin"]
    )
    review = "# yaml-language-server: $schema=../../../../schemas/review.schema.json\n"
    merged = h.merge(
        3, "wanghongjun", {REVIEW: review + "ratings: []\n"}, "2026-07-06", signs=["wanghongjun"]
    )
    code, out, commit = h.record("2026-07-06T11:00:00Z")
    assert (code, commit is not None) == (0, True)
    h1 = "cycles/2026-H1/signatures.yaml"
    assert out.endswith(f"recorded #3 (commit {merged.merge[:12]}, signed) in {h1}\n")
    assert [e["pr"] for e in h.entries()] == [1, 2] and [e["pr"] for e in h.entries(h1)] == [3]
    code, out = h.verify()
    assert code == 0, out
