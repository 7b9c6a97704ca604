"""What a user gives `perfcode init` lands as text: a hostile company name round-trips
literally through every file that holds it (YAML through one double-quoted scalar,
Markdown through the site's escape, mkdocs.yml's site_name as HTML that shows it)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from example_org import DEMO_KEYS
from perfcode.cli import main
from perfcode.io import yaml as yamlio
from perfcode.load.repository import load_repository
from perfcode.model import words
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


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_starter_shows_what_is_confidential_and_where_keys_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    """The first cycle's policy ends with its `confidential:` block commented out: as
    written, uncommented, it is what the policy means without it (every field, one manager
    up); the owner's record ends with a commented `keys:` line, whose place takes a key."""
    root = tmp_path / "company"
    assert main(["init", str(root), "--language", language, "--owner", "boss"]) == 0
    capsys.readouterr()
    (policy_path,) = root.glob("cycles/*/cycle.yaml")
    policy = policy_path.read_text(encoding="utf-8")
    block = policy[policy.index("# confidential:") :]
    uncommented = "".join(line.removeprefix("# ") + "\n" for line in block.splitlines())
    written = yamlio.parse(policy.replace(block, uncommented))
    assert "confidential" not in yamlio.parse(policy)
    loaded, problems = load_repository(root)
    assert problems == []
    (cycle,) = loaded.cycles.values()
    assert cycle.policy is not None
    assert cycle.policy.confidential == words.Confidential()
    assert written["confidential"] == {
        "managers": words.DEFAULT_MANAGERS,
        "fields": list(words.ALL),
    }
    person = root / "people/boss.yaml"
    text = person.read_text(encoding="utf-8")
    assert "# keys: [" in text and "\nkeys:" not in text
    key = (DEMO_KEYS / "wanghongjun_ed25519.pub").read_text(encoding="utf-8").strip()
    line = next(line for line in text.splitlines() if line.startswith("# keys: ["))
    person.write_text(text.replace(line, f"keys: [{key!r}]"), encoding="utf-8")
    assert main(["validate", str(root)]) == 0, capsys.readouterr().out
    loaded, problems = load_repository(root)
    assert problems == [] and loaded.people["boss"].keys == (key,)
