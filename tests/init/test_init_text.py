"""What a user gives `perfcode init` lands as text: a hostile company name round-trips
literally through every file that holds it (YAML through one double-quoted scalar,
Markdown through the site's escape, mkdocs.yml's site_name as HTML that shows it)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from perfcode.cli import main
from perfcode.io import yaml as yamlio
from perfcode.scaffold import init
from perfcode.site.pages import html_title, md

HOSTILE = '"]]: x\n- {{7*7}}<script>'
VALUES = [HOSTILE, "[[ company ]] [% if %] [# #]", "${{ secrets.TOKEN }}", "a: b # c", "", "yes"]


@pytest.mark.parametrize("value", VALUES)
def test_the_yaml_filter_writes_one_scalar_that_reads_back_as_the_text(value: str) -> None:
    scalar = init.yaml_scalar(value)
    assert "\n" not in scalar
    assert yamlio.parse(f"key: {scalar}\n") == {"key": value}
    rendered = init.environment().from_string("key: [[ v | yaml ]]\n").render(v=value)
    assert yaml.safe_load(rendered) == {"key": value}


def test_a_hostile_company_name_round_trips_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "company"
    assert main(["init", str(root), "--name", HOSTILE, "--language", "en"]) == 0
    capsys.readouterr()
    org = yamlio.parse((root / "people/org.yaml").read_text(encoding="utf-8"))
    assert org["name"] == HOSTILE
    site = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert site["site_name"] == html_title(HOSTILE)
    for page in ("README.md", "site/about.md", "site/policies/principles.md"):
        text = (root / page).read_text(encoding="utf-8")
        assert md(HOSTILE) in text
        assert "{{7*7}}" not in text and "49" not in text  # escaped, and never evaluated
