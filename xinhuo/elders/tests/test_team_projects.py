"""Research projects (课题) of young teachers with elder advisors: the committee creates and edits them, the
leader keeps the outcomes up to date, members and advisors see them; bad dates are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from xinhuo.core.access import build_actor
from xinhuo.elders.models import Elder, ResearchProject
from xinhuo.elders.team import services
from xinhuo.elders.tests.matrix_team import other_elder, project, young_teacher, young_teacher_login


def director(world):
    return world.actor("director")


def create(world, **kw) -> ResearchProject:
    return services.research_project_create(
        actor=kw.pop("actor", None) or director(world), title=kw.pop("title", "家校共育的实践研究"),
        leader=kw.pop("leader", None) or young_teacher(world), started_on=kw.pop("started_on", dt.date(2026, 9, 1)),
        **kw)


def test_a_project_with_members_and_advisors(world):
    leader = young_teacher(world)
    member, _client = young_teacher_login(world)
    p = create(world, leader=leader, members=[member, leader], advisors=[world.elder], level="县级",
               due_on=dt.date(2027, 6, 30), status="ongoing")
    assert (p.leader, p.level, p.status, p.due_on) == (leader, "县级", "ongoing", dt.date(2027, 6, 30))
    assert list(p.members.all()) == [member]  # the leader is the leader, not also a member
    assert list(p.advisors.all()) == [world.elder]


def test_a_due_date_before_the_start_is_refused_and_nothing_written(world):
    with pytest.raises(ValidationError) as exc:
        create(world, due_on=dt.date(2026, 8, 1))
    assert exc.value.message_dict["due_on"] == ["计划结题日期不能早于开始日期。"]
    response = world.client("director").post("/elders/projects/new/", {
        "title": "课题", "leader": young_teacher(world).pk, "started_on": "2026-09-01", "due_on": "2026-08-01",
        "status": "planned"})
    assert response.status_code == 400 and "计划结题日期不能早于开始日期" in response.content.decode()
    assert not ResearchProject.objects.exists()


def test_a_leader_out_of_the_reserve_and_foreign_records_are_refused(world):
    yt = young_teacher(world)
    yt.active = False
    yt.save()
    with pytest.raises(ValidationError) as exc:
        create(world, leader=yt)
    assert exc.value.message_dict["leader"] == ["林青 已不在青年教师储备库中。"]
    foreign = Elder.objects.create(school=world.other, name="赵老", gender="M", category=Elder.Category.CADRE)
    with pytest.raises(Http404):
        create(world, leader=young_teacher(world, "T0903", "周青"), advisors=[foreign])
    with pytest.raises(Http404):
        create(world, actor=world.actor("elder"))
    assert not ResearchProject.objects.exists()


def test_the_new_project_page(world):
    leader = young_teacher(world)
    response = world.client("director").post("/elders/projects/new/", {
        "title": "“五老”进课堂的实践研究", "leader": leader.pk, "members": [], "advisors": [world.elder.pk],
        "level": "校级", "started_on": "2026-09-01", "due_on": "", "status": "planned", "outcomes": ""})
    p = ResearchProject.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/elders/projects/#project-{p.pk}"
    page = world.client("director").get("/elders/projects/").content.decode()
    assert "“五老”进课堂的实践研究" in page and "林青" in page and "周老" in page


def test_the_leader_edits_the_outcomes_only(world):
    yt, client = young_teacher_login(world)
    p = create(world, leader=yt, title="原来的题目")
    page = client.get(f"/elders/projects/{p.pk}/edit/").content.decode()
    assert 'name="outcomes"' in page and 'name="title"' not in page
    response = client.post(f"/elders/projects/{p.pk}/edit/", {"outcomes": "论文一篇获县一等奖", "title": "改题目"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.outcomes, p.title) == ("论文一篇获县一等奖", "原来的题目")


def test_members_and_advisors_see_but_do_not_edit(world):
    member, client = young_teacher_login(world)
    p = create(world, members=[member], advisors=[world.elder])
    assert "家校共育的实践研究" in client.get("/elders/projects/").content.decode()
    assert "家校共育的实践研究" in world.client("elder").get("/elders/projects/").content.decode()
    assert client.get(f"/elders/projects/{p.pk}/edit/").status_code == 404
    assert world.client("elder").get(f"/elders/projects/{p.pk}/edit/").status_code == 404
    with pytest.raises(Http404):
        services.research_project_record_outcomes(actor=build_actor(member.staff.user), project=p, outcomes="x")
    # an elder who does not advise it does not see it
    li = other_elder(world, "李老", username="li")
    assert li.user is not None
    with pytest.raises(Http404):
        services.research_project_update(actor=build_actor(li.user), project=p, title="x", leader=p.leader,
                                         started_on=p.started_on)


def test_the_committee_edits_everything(world):
    p = project(world)
    new_leader = young_teacher(world, "T0904", "吴青")
    response = world.client("leader").post(f"/elders/projects/{p.pk}/edit/", {
        "title": "新题目", "leader": new_leader.pk, "members": [p.leader.pk], "advisors": [], "level": "市级",
        "started_on": "2026-09-15", "due_on": "2027-07-01", "status": "concluded", "outcomes": "结题报告"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.title, p.leader, p.level, p.status, p.outcomes) == ("新题目", new_leader, "市级", "concluded", "结题报告")
    assert list(p.members.all()) == [young_teacher(world)]
    assert not p.advisors.exists()


def _list_queries(world, n: int) -> int:
    ResearchProject.objects.all().delete()
    member, _client = young_teacher_login(world, f"y{n}", f"T{n}-000", f"成员{n}")
    for i in range(n):
        create(world, title=f"课题{i}", members=[member], advisors=[world.elder])
    client = world.client("director")
    client.get("/elders/projects/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/elders/projects/").status_code == 200
    return len(ctx.captured_queries)


def test_the_list_query_count_does_not_grow_with_its_rows(world):
    assert _list_queries(world, 2) == _list_queries(world, 10)
