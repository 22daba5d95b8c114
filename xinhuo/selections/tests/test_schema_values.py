"""The API schema documents each workflow step's actions and each choice field's values from the endpoint's own
rules, not another endpoint's that happens to use the same field name ("action", "source")."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "schema.yml"
    call_command("spectacular", "--file", str(out))
    return yaml.safe_load(out.read_text())


def _request_field(schema, path: str, field: str) -> dict:
    ref = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    prop = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"][field]
    if "$ref" in prop:
        return schema["components"]["schemas"][prop["$ref"].rsplit("/", 1)[1]]
    return prop


def test_a_selections_step_documents_the_selections_actions(schema):
    from xinhuo.selections.services import TRANSITIONS

    documented = _request_field(schema, "/api/v1/selections/{id}/step/", "action")
    assert set(documented["enum"]) == set(TRANSITIONS)


def test_an_activitys_step_documents_the_activities_actions(schema):
    from xinhuo.activities.services import TRANSITIONS

    documented = _request_field(schema, "/api/v1/activities/{id}/step/", "action")
    assert set(documented["enum"]) == set(TRANSITIONS) - {"summarise"}  # the summary has its own endpoint


def test_a_care_tags_source_documents_the_tag_sources(schema):
    from xinhuo.care.models import TagSource

    documented = _request_field(schema, "/api/v1/care/tags/", "source")
    listed = documented.get("enum") or [v.strip(" .") for v in documented["description"].split(":", 1)[1].split(",")]
    assert set(listed) == set(TagSource.values)
