"""Confidential words: which fields of which records hold them, and a value sealed to its
readers.

The numbers of a record (ratings, scores, dates, ids) are always plain: validation, scoring
and the public site need no key. The *words* (comments, notes, reasons) of the fields listed
here may be sealed: encrypted with age (age-encryption.org/v1, ASCII armour) to exactly
their readers, one ciphertext per value, written in the YAML value itself beside the readers
it was meant for::

    summary:
      age: |
        -----BEGIN AGE ENCRYPTED FILE-----
        ...
        -----END AGE ENCRYPTED FILE-----
      readers: [lihua, wangfang, zhaomin]

`FIELDS` is the one home of where words live: the schemas accept the sealed form exactly
there (a unit test checks), the cycle's policy chooses among them (`confidential: fields:`,
all of them unless it says otherwise), the loader builds a `Sealed` for each sealed value,
`perfcode edit` / `rekey` / `new` seal and open them.
"""

from __future__ import annotations

from dataclasses import dataclass

#: what a sealed value prints as, wherever it lands (page, table, export, message): never
#: the ciphertext, never a plain word
LOCK = "🔒"

#: what is wrong with a plain value that is a lock line (`perfcode show`'s, pasted back):
#: validate's PC116 and rekey's say it in these words
LOCK_LINE = (
    f"holds a lock line ({LOCK} …), what perfcode show prints for words it cannot open, not "
    "the words themselves: put the words back (git log -p shows them sealed) or remove the line"
)

#: the document kinds with confidential words → the dotted paths of those fields (list
#: items are not numbered: `ratings.comment` is the comment of every rating)
FIELDS: dict[str, tuple[str, ...]] = {
    "review": ("ratings.comment", "summary", "strengths", "improvements"),
    "checkins": ("entries.notes", "entries.progress.note"),
    "interview": (
        "strengths",
        "weaknesses",
        "career_interests",
        "improvement",
        "subordinate_feedback",
        "employee_comments",
    ),
    "plan": (
        "gaps.note",
        "root_causes.cause",
        "actions.action",
        "actions.resources",
        "checkins.note",
        "evaluation.decision",
        "evaluation.note",
    ),
    "appeal": ("reason", "requested", "answer.text"),
    "calibration": ("decisions.reason",),
    "adjustments": ("entries.reason",),
}

#: every field by its policy name, `<kind>.<path>` (`review.summary`), in catalogue order
ALL: tuple[str, ...] = tuple(f"{kind}.{path}" for kind, paths in FIELDS.items() for path in paths)

#: how many managers up the chain read a person's words unless the policy says otherwise
DEFAULT_MANAGERS = 1


@dataclass(frozen=True, slots=True)
class Sealed:
    """A value encrypted with age to its readers. `armor` is the ASCII-armoured ciphertext
    as the record holds it; `readers` the person ids it says it was encrypted to (what the
    record claims: `check.words` compares it with who should read it, and the ciphertext's
    recipients with their keys)."""

    armor: str
    readers: tuple[str, ...]

    def __str__(self) -> str:
        return LOCK


#: a field that may hold confidential words: plain text, or sealed
Words = str | Sealed


def words_order(words: Words) -> str:
    """What orders a value among others, the same with or without a key (its ciphertext
    when sealed), so that opening words never reorders anything."""
    return words.armor if isinstance(words, Sealed) else words


@dataclass(frozen=True, slots=True)
class Confidential:
    """What a cycle's policy keeps confidential (cycle.yaml `confidential:`)."""

    #: the fields, by policy name (`ALL` unless the policy lists them)
    fields: tuple[str, ...] = ALL
    #: how many managers up the person's chain read their words (1: the direct manager)
    managers: int = DEFAULT_MANAGERS

    def covers(self, kind: str, path: str) -> bool:
        return f"{kind}.{path}" in self.fields
