"""A pytest plugin every test run loads (`-p cache_home` in pyproject.toml's addopts):
perfcode's cache of loads (`perfcode.load.cache`) lives in a folder of the session's own,
and the `perfcode` processes tests start write it before they exit, so that no process
outlives the test that started it. (Not a conftest.py: tests import their folders'
conftest modules by that name.)"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_CACHE_HOME = tempfile.mkdtemp(prefix="perfcode-tests-cache-")
atexit.register(shutil.rmtree, _CACHE_HOME, True)
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
os.environ["PERFCODE_CACHE_DETACH"] = "0"
