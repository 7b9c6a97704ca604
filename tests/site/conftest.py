"""The hostile organisation (hostile.py), built once per test session by `perfcode site`
(a real `mkdocs build`) for both audiences."""

from __future__ import annotations

import pytest
from hostile import HostileBuild, build_sites


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> HostileBuild:
    return build_sites(tmp_path_factory.mktemp("hostile-org"))
