"""Access-matrix cases of the scale pages (PSY-1): the counsellors' alone. 学习压力量表 is a configured draft of
the demo school, complete enough to be made ready."""

from __future__ import annotations

from xinhuo.core.tests.matrix import Case, k

COUNSELLOR = {"counsellor"}


def configured_scale(w, name: str = "学习压力量表", code: str = "stress", *, school=None, ready: bool = False):
    """A configured scale of two items (one reverse-scored), options 0-2, bands covering 0-4."""
    from xinhuo.wellbeing.install import write_scale
    from xinhuo.wellbeing.models import Scale, ScaleBand, ScaleItem, ScaleOption
    from xinhuo.wellbeing.scales import BandSpec, ItemSpec, OptionSpec, Risk, ScaleSpec

    school = school or w.school
    found = Scale.objects.filter(school=school, code=code).first()
    if found:
        return found
    spec = ScaleSpec(code=code, name=name, instructions="最近一个月，下面的说法符合你吗？",
                     options=(OptionSpec("不符合", 0), OptionSpec("有点符合", 1), OptionSpec("很符合", 2)),
                     items=(ItemSpec(1, "我担心考试"), ItemSpec(2, "我能放松下来", reverse=True)),
                     bands=(BandSpec(0, 2, "正常", Risk.NONE), BandSpec(3, 4, "偏高", Risk.ATTENTION)))
    scale = Scale.objects.create(school=school, code=code, name=name, instructions=spec.instructions, ready=ready)
    write_scale({"ScaleItem": ScaleItem, "ScaleOption": ScaleOption, "ScaleBand": ScaleBand}, spec, scale=scale)
    return scale


def scale(w, e=None):
    return configured_scale(w).pk


CASES = [
    Case("wellbeing:scales", COUNSELLOR),
    Case("wellbeing:scale-new", COUNSELLOR),
    Case("wellbeing:scale-detail", COUNSELLOR, kwargs=k(pk=scale)),
    Case("wellbeing:scale-edit", COUNSELLOR, kwargs=k(pk=scale)),
    Case("wellbeing:scale-copy", COUNSELLOR, ok=302, method="post", kwargs=k(pk=scale)),
    Case("wellbeing:scale-ready", COUNSELLOR, ok=302, method="post", kwargs=k(pk=scale)),
]
