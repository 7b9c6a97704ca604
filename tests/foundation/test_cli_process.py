"""The command as a process: output the terminal cannot encode, a reader that goes away,
Ctrl-C (also while Python loads perfcode), and the bug report of an internal error.

Run as `python -m perfcode` in a child process where the case needs a real standard
output, environment or signal; in-process otherwise.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import faults
from perfcode import cli
from perfcode.cli.commands import validate

BASE = Path(__file__).parents[1] / "validate" / "base"


def child(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "perfcode", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def broken(root: Path) -> Path:
    """The base organisation with one problem (a person's manager who does not exist)."""
    shutil.copytree(BASE, root)
    person = root / "people" / "zhaomin.yaml"
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("manager: ", "manager: nobody_", 1), encoding="utf-8")
    return root


# --- encodings ---------------------------------------------------------------------------

ASCII = {
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "LC_ALL=C without UTF-8 mode": {
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONIOENCODING": "",
    },
}


@pytest.mark.parametrize("variant", sorted(ASCII))
def test_output_that_cannot_show_chinese_is_replaced_not_fatal(
    variant: str, tmp_path: Path
) -> None:
    env = ASCII[variant]
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=True,
    )
    if "ascii" not in probe.stdout.lower() and "646" not in probe.stdout:
        pytest.skip(f"this Python encodes its output as {probe.stdout.strip()} under {variant}")
    score = child("score", str(BASE), env=env)
    assert score.returncode == 0, score.stderr
    assert b"?" in score.stdout and b"Traceback" not in score.stderr
    assert all(byte < 128 for byte in score.stdout)
    validate = child("validate", str(broken(tmp_path / "repo")), env=env)
    assert validate.returncode == 1 and b"Traceback" not in validate.stderr
    usage = child("explain", "不存在的人", str(BASE), env=env)
    assert usage.returncode == 2 and usage.stderr.count(b"\n") == 1, usage.stderr
    assert b"?" in usage.stderr and b"Traceback" not in usage.stderr


# --- a reader that goes away -------------------------------------------------------------


@pytest.mark.parametrize(("repo", "code"), [("broken", 1), ("base", 0)])
def test_a_closed_pipe_keeps_the_exit_code(repo: str, code: int, tmp_path: Path) -> None:
    root = broken(tmp_path / "repo") if repo == "broken" else BASE
    with subprocess.Popen(
        [sys.executable, "-m", "perfcode", "validate", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # like `perfcode validate | true`: the reader is gone at once
        err = process.stderr.read()
        assert process.wait(timeout=120) == code
    assert err == b""


# --- Ctrl-C ------------------------------------------------------------------------------


def test_ctrl_c_while_python_loads_perfcode(tmp_path: Path) -> None:
    """A real SIGINT while the heavy modules are imported, before the command runs."""
    program = textwrap.dedent(
        f"""
        import os, signal, sys, runpy
        from importlib.abc import MetaPathFinder

        class Interrupt(MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name == "perfcode.check":
                    os.kill(os.getpid(), signal.SIGINT)
                return None

        sys.meta_path.insert(0, Interrupt())
        sys.argv = ["perfcode", "validate", {str(BASE)!r}]
        runpy.run_module("perfcode", run_name="__main__", alter_sys=True)
        """
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=120)
    assert done.returncode == 130, done.stderr
    assert done.stderr == b"perfcode: interrupted\n"
    assert done.stdout == b""


#: the console script pip writes (`from perfcode.cli import main`), and `python -m perfcode`
LAUNCHERS = {
    "console script": "from perfcode.cli import main\nsys.exit(main())",
    "python -m": "runpy.run_module('perfcode', run_name='__main__', alter_sys=True)",
}


@pytest.mark.parametrize("launcher", sorted(LAUNCHERS))
@pytest.mark.parametrize(
    "module",
    # the first ones load while perfcode/__init__.py runs, before anything of the command
    ["typing", "perfcode.problems", "dataclasses", "perfcode.cli", "argparse", "perfcode.io"],
)
def test_ctrl_c_at_any_moment_of_start_up(launcher: str, module: str) -> None:
    """A real SIGINT as Python starts to load MODULE (no finder of importlib.abc, which would
    load typing first): one line, exit 130, never a traceback."""
    program = textwrap.dedent(
        f"""
        import os, signal, sys, runpy

        class Interrupt:
            def find_spec(self, name, path, target=None):
                if name == {module!r}:
                    os.kill(os.getpid(), signal.SIGINT)
                return None

        sys.meta_path.insert(0, Interrupt())
        sys.argv = ["perfcode", "validate", {str(BASE)!r}]
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program + LAUNCHERS[launcher]], capture_output=True, timeout=120
    )
    assert (done.returncode, done.stderr, done.stdout) == (130, b"perfcode: interrupted\n", b"")


@pytest.mark.parametrize("host", ["default", "its own"])
def test_importing_perfcode_leaves_ctrl_c_as_it_was(host: str) -> None:
    """A program importing perfcode (the package, even the command line's modules) keeps
    Python's Ctrl-C, or its own handler; only the start-up of perfcode itself is quiet."""
    program = textwrap.dedent(
        f"""
        import signal
        own = (lambda signum, frame: None) if {host == "its own"!r} else signal.default_int_handler
        signal.signal(signal.SIGINT, own)
        import perfcode, perfcode.cli
        assert signal.getsignal(signal.SIGINT) is own
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            print("KeyboardInterrupt")
        else:
            print("handled")
        """
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (b"handled\n" if host == "its own" else b"KeyboardInterrupt\n")


def test_ctrl_c_during_a_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(root: Path, **_options: object) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Python raises KeyboardInterrupt here

    monkeypatch.setattr(validate, "check_repository", interrupted)
    assert cli.main(["validate", str(BASE)]) == 130
    out, err = capsys.readouterr()
    assert (out, err) == ("", "perfcode: interrupted\n")


# --- the bug report ----------------------------------------------------------------------


def _bug(**arguments: object) -> int:
    raise RuntimeError("a bug planted by the test")


def test_an_internal_error_goes_to_a_log_of_the_users_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(validate, "run", _bug)
    assert cli.main(["validate", str(BASE)]) == 3
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "Traceback" not in err
    assert "internal error (RuntimeError: a bug planted by the test)" in err
    logs = list((tmp_path / "state" / "perfcode").iterdir())
    assert len(logs) == 1 and str(logs[0]) in err
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(logs[0].parent.stat().st_mode) == 0o700
    assert "RuntimeError: a bug planted by the test" in logs[0].read_text(encoding="utf-8")
    assert "_bug" in logs[0].read_text(encoding="utf-8")  # the traceback, with its frames


def test_without_xdg_the_log_is_under_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(validate, "run", _bug)
    assert cli.main(["validate", str(BASE)]) == 3
    assert len(list((tmp_path / ".local" / "state" / "perfcode").glob("error-*.log"))) == 1
    capsys.readouterr()


@pytest.mark.parametrize("obstacle", ["a link", "a file", "read-only"])
def test_when_the_log_cannot_be_written_the_details_are_printed(
    obstacle: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if obstacle == "a link":
        (state / "perfcode").symlink_to(elsewhere)  # planted by someone else
    elif obstacle == "a file":
        (state / "perfcode").write_text("not a folder\n")
    else:
        (state / "perfcode").mkdir(mode=0o700)
        faults.read_only_folder(monkeypatch, state / "perfcode", 1)
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setattr(validate, "run", _bug)
    try:
        code = cli.main(["validate", str(BASE)])
    finally:
        monkeypatch.undo()
        faults.writable()
    out, err = capsys.readouterr()
    assert code == 3 and out == ""
    first, *details = err.splitlines()
    assert first.startswith("perfcode: internal error (RuntimeError: a bug planted by the test)")
    assert "could not be written to a log" in first
    assert details[0] == "Traceback (most recent call last):"
    assert details[-1] == "RuntimeError: a bug planted by the test"
    assert list(elsewhere.iterdir()) == []
