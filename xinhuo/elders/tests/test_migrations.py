"""The elders' data migrations keep what a school already entered: free-text specialties become codes,
old role codes become the glossary's."""

from __future__ import annotations

from xinhuo.core.tests.helpers import migrate_to as migrate
from xinhuo.core.tests.helpers import run_in_fresh_database


def test_specialties_text_and_old_role_codes_are_carried_over(tmp_path):
    run_in_fresh_database(tmp_path, f"{__name__}:carried_over")


def carried_over():
    """In an empty database: only the migrations up to each step run."""
    old = migrate([("elders", "0001_initial")])
    School = old.get_model("core", "School")
    Elder = old.get_model("elders", "Elder")
    school = School.objects.create(name="迁移中学", code="mig")
    e = Elder.objects.create(school=school, name="钱老", gender="M", category="teacher",
                             specialties="党史宣讲、书画，心理辅导")
    mid = migrate([("elders", "0002_registry_and_team")])
    Assignment = mid.get_model("elders", "Assignment")
    MidElder = mid.get_model("elders", "Elder")
    assert sorted(MidElder.objects.get(pk=e.pk).specialties) == ["calligraphy", "counselling", "party_history"]
    MidElder.objects.filter(pk=e.pk).update(willingness=",party_history_lecturer,mind_mentor,inspector,")
    Assignment.objects.create(school_id=school.pk, elder_id=e.pk, role="mind_mentor", need="陪伴留守儿童")
    new = migrate([("elders", "0003_glossary_names")])
    assert new.get_model("elders", "Assignment").objects.get().role == "heart_mentor"
    assert new.get_model("elders", "Elder").objects.get(pk=e.pk).willingness == [
        "history_speaker", "heart_mentor", "inspector"]
