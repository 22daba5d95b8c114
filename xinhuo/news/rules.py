"""News: the committee (director, leaders, department heads) writes and publishes; everyone reads what is
published."""

from __future__ import annotations

import rules

from xinhuo.core.scopes import has_capability, in_school

from .models import NewsStatus


@rules.predicate
def published(actor, item) -> bool:
    return item.status == NewsStatus.PUBLISHED


news_rules = rules.RuleSet()
news_rules.add_rule("view_news", in_school & (published | has_capability("news.manage")))
news_rules.add_rule("edit_news", in_school & has_capability("news.manage"))


def can(actor, rule: str, obj=None) -> bool:
    return news_rules.test_rule(rule, actor, obj)
