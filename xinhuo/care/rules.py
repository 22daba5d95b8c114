"""Object-level predicates for the care app. Each mirrors a queryset scope in selectors.py.

Special-group tags are sensitive: the director, school leaders and counsellors see every tag of the school,
a head teacher those of their classes' students; the leaders only look, the others also identify and follow
up. Parents, students and elders never see tags.
"""

from __future__ import annotations

import rules

from xinhuo.core.models import Role
from xinhuo.people.rules import has_role, in_school

SEE_ALL_TAGS = (Role.DIRECTOR, Role.LEADER, Role.COUNSELLOR)
MANAGE_ALL_TAGS = (Role.DIRECTOR, Role.COUNSELLOR)


@rules.predicate
def heads_class_of_tagged_student(actor, tag) -> bool:
    return actor.has_role(Role.HEAD_TEACHER) and tag.student.school_class_id in actor.class_ids


care_rules = rules.RuleSet()
care_rules.add_rule("view_tag", in_school & (has_role(*SEE_ALL_TAGS) | heads_class_of_tagged_student))
care_rules.add_rule("manage_tag", in_school & (has_role(*MANAGE_ALL_TAGS) | heads_class_of_tagged_student))


def can(actor, rule: str, obj=None) -> bool:
    return care_rules.test_rule(rule, actor, obj)
