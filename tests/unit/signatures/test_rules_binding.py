"""The pure rules of who has signed: logins, content binding, proofs of the recorder."""

from __future__ import annotations

import pytest

from perfcode.signatures import proof
from perfcode.signatures import rules as sig

HEAD = "5f1c2e9a7b3d4c6e8f0a1b2c3d4e5f6a7b8c9d0e"
OLD = "0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c"


@pytest.mark.parametrize(
    ("github", "registry", "same"),
    [
        ("LinZong", "linzong", True),  # GitHub logins are case-insensitive
        ("zhengkai", "zheng\u212aai", False),  # the Kelvin sign casefolds to "k": never equal
        ("zheng\u212aai", "zhengkai", False),
        ("ｌｉｎｚｏｎｇ", "linzong", False),  # full-width letters
        ("linzong", "", False),
    ],
)
def test_logins_compare_ascii_only(github: str, registry: str, same: bool) -> None:
    assert sig._same(sig.User(github), registry) is same
    assert ("\u212a".casefold() == "k") and sig.login_key("\u212a") is None


def test_content_is_paths_and_blobs_with_renames_as_deletions() -> None:
    files = [
        sig.ChangedFile("b.yaml", "modified", blob="2" * 40),
        sig.ChangedFile("new.yaml", "renamed", previous="old.yaml", blob="3" * 40),
        sig.ChangedFile("gone.yaml", "removed", blob="4" * 40),
        sig.ChangedFile("same.yaml", "unchanged", blob="5" * 40),
    ]
    assert sig.content_of(files) == (
        ("b.yaml", "2" * 40),
        ("gone.yaml", None),
        ("new.yaml", "3" * 40),
        ("old.yaml", None),
    )


def _verdict(contents: dict[str, sig.Content | None], commit: str = OLD) -> sig.Verdict:
    from perfcode import model as m

    person = m.Person(
        path="people/linzong.yaml",
        id="linzong",
        name="林总",
        github="linzong",
        email=None,
        title="",
        department="market",
        manager=None,
        group="management",
        joined="2020-01-01",
        left=None,
    )
    required = (sig.Requirement("linzong", "linzong", ("a.yaml",), ("why",)),)
    pull = sig.PullRequest(1, sig.User("wanghongjun"), HEAD, "a" * 40, "main", 1)
    review = sig.ReviewEvent(1, sig.User("linzong"), sig.APPROVED, commit, "2026-11-20T10:00:00Z")
    return sig.verdict(required, {"linzong": person}, pull, [review], [], contents)


def test_an_approval_of_another_commit_counts_only_for_the_same_known_content() -> None:
    same: sig.Content = (("a.yaml", "1" * 40),)
    assert _verdict({HEAD: same, OLD: same}).complete
    assert not _verdict({HEAD: same, OLD: (("a.yaml", "2" * 40),)}).complete
    assert not _verdict({HEAD: same, OLD: None}).complete  # unknown: fail closed
    assert not _verdict({HEAD: None, OLD: same}).complete
    assert not _verdict({}).complete
    assert _verdict({}, commit=HEAD).complete  # the head itself needs no comparison


def test_signed_commits_lists_approvals_and_full_sha_sign_comments_newest_first() -> None:
    reviews = [sig.ReviewEvent(1, sig.User("a"), sig.APPROVED, OLD.upper(), None)]
    comments = [
        sig.Comment(1, sig.User("b"), f"/sign {HEAD}", "t", "t"),
        sig.Comment(2, sig.User("b"), "/sign 5f1c2e9", "t", "t"),  # a prefix names nothing
    ]
    assert sig.signed_commits(reviews, comments) == [HEAD, OLD]


def test_proofs_verify_only_with_the_recorders_key_and_the_same_bytes() -> None:
    private, public = proof.new_key()
    other_private, other_public = proof.new_key()
    signed = proof.sign(b"entry", private)
    assert proof.public_key(private) == public and public.startswith("ed25519:")
    assert proof.verify(b"entry", signed, [other_public, public])
    assert not proof.verify(b"entry!", signed, [public])
    assert not proof.verify(b"entry", signed, [other_public])
    assert not proof.verify(b"entry", proof.sign(b"entry", other_private), [public])
    for broken in ("", "ed25519:", "ed25519:!!", signed[:-4], "rsa:" + signed[8:]):
        assert not proof.verify(b"entry", broken, [public])
    assert not proof.verify(b"entry", signed, ["ed25519:short", "nonsense"])
    with pytest.raises(proof.BadKey):
        proof.public_key("not a key")
    with pytest.raises(proof.BadKey):
        proof.public_key(proof.PRIVATE + "AAAA")
