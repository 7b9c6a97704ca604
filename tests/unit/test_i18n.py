"""The zh/en words have one home (perfcode.i18n): a role as the rater in a sentence, and
the review a role gives as a heading; the explanations use the same words as the site."""

from __future__ import annotations

import pytest

from perfcode import i18n
from perfcode.explain.text import _Text


@pytest.mark.parametrize("role", sorted(i18n.RATERS))
def test_explanations_name_roles_with_the_sites_words(role: str) -> None:
    for language in ("en", "zh"):
        assert _Text(language).role(role) == i18n.Labels(language).rater(role)
    assert i18n.ROLES.keys() == i18n.RATERS.keys()


def test_a_missing_review_is_named_as_the_site_heads_it() -> None:
    """A missing self review was 自评评价 in explanations (the rater's word plus 评价)."""
    zh = _Text("zh")
    assert zh.missing("self review") == "自评" == i18n.Labels("zh").role("self")
    assert zh.missing("manager review") == "上级评价"
    assert _Text("en").missing("self review") == "self review"
