"""perfcode.io.files.read: a regular file is read whole, at most `limit` bytes of it.

It asks for what `fstat` says the file holds (one byte more, to see the end), not for the
limit, and keeps its guarantees: a file `fstat` says is over the limit is never read; a
file that grew after `fstat` is read on to its end, or is too large once past the limit;
a read that returns fewer bytes than asked is followed by another until the end of the
file. (Links, pipes and other special files: tests/validate/test_special_files.py.)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from perfcode.io import files

LIMIT = 1024


def _fstat_says(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """`fstat` of a regular file reports `size` bytes (the file changes after it looks)."""
    real = os.fstat

    def fstat(descriptor: int) -> os.stat_result:
        info = real(descriptor)
        fields = list(info)
        fields[6] = size  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", fstat)


def _count_reads(monkeypatch: pytest.MonkeyPatch, most: int | None = None) -> list[int]:
    """Record how much each `os.read` asks for; with `most`, return at most that many bytes
    a call (a short read, as a slow file system may give)."""
    asked: list[int] = []
    real: Callable[[int, int], bytes] = os.read

    def read(descriptor: int, length: int) -> bytes:
        asked.append(length)
        return real(descriptor, length if most is None else min(length, most))

    monkeypatch.setattr(os, "read", read)
    return asked


@pytest.mark.parametrize("size", [0, 1, 470, LIMIT - 1, LIMIT])
def test_a_file_up_to_the_limit_is_read_whole(tmp_path: Path, size: int) -> None:
    data = bytes(i % 251 for i in range(size))
    (tmp_path / "record.yaml").write_bytes(data)
    assert files.read(tmp_path, "record.yaml", LIMIT) == data


def test_the_reads_ask_for_the_file_not_for_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "record.yaml").write_bytes(b"x" * 470)
    asked = _count_reads(monkeypatch)
    assert files.read(tmp_path, "record.yaml", 1 << 20) == b"x" * 470
    assert asked[0] == 471  # the size fstat says, and one byte to see the end
    assert len(asked) == 2 and asked[1] <= 4096  # the end of the file: nothing more


def test_a_file_over_the_limit_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "record.yaml").write_bytes(b"x" * (LIMIT + 1))
    asked = _count_reads(monkeypatch)
    with pytest.raises(files.TooLarge) as large:
        files.read(tmp_path, "record.yaml", LIMIT)
    assert large.value.size == LIMIT + 1
    assert asked == []


def test_a_file_that_grew_after_fstat_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"y" * 10_000
    (tmp_path / "record.yaml").write_bytes(data)
    _fstat_says(monkeypatch, 10)
    assert files.read(tmp_path, "record.yaml", 1 << 20) == data


def test_a_file_that_grew_past_the_limit_is_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "record.yaml").write_bytes(b"z" * (LIMIT + 500))
    _fstat_says(monkeypatch, 10)
    asked = _count_reads(monkeypatch)
    with pytest.raises(files.TooLarge) as large:
        files.read(tmp_path, "record.yaml", LIMIT)
    assert large.value.size > LIMIT
    assert sum(asked) <= LIMIT + 1  # never more than one byte past the limit is asked for


def test_a_file_fstat_says_is_empty_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "record.yaml").write_bytes("name: 王红军\n".encode())
    _fstat_says(monkeypatch, 0)
    assert files.read(tmp_path, "record.yaml", LIMIT) == "name: 王红军\n".encode()


def test_short_reads_are_continued_to_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = bytes(i % 251 for i in range(LIMIT))
    (tmp_path / "record.yaml").write_bytes(data)
    asked = _count_reads(monkeypatch, most=7)
    assert files.read(tmp_path, "record.yaml", LIMIT) == data
    assert len(asked) > LIMIT // 7


def test_short_reads_past_the_limit_are_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "record.yaml").write_bytes(b"w" * (LIMIT + 3))
    _fstat_says(monkeypatch, LIMIT)
    _count_reads(monkeypatch, most=100)
    with pytest.raises(files.TooLarge):
        files.read(tmp_path, "record.yaml", LIMIT)


def test_the_file_is_closed_whatever_happens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "big.yaml").write_bytes(b"x" * (LIMIT + 1))
    (tmp_path / "folder").mkdir()
    closed: list[int] = []
    real = os.close

    def close(descriptor: int) -> None:
        closed.append(descriptor)
        real(descriptor)

    monkeypatch.setattr(os, "close", close)
    with pytest.raises(files.TooLarge):
        files.read(tmp_path, "big.yaml", LIMIT)
    with pytest.raises(IsADirectoryError):
        files.read(tmp_path, "folder", LIMIT)
    assert len(closed) == 2
