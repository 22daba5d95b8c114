"""The OpenAPI schema is generated without warnings, so its names stay stable for API clients."""

from django.core.management import call_command


def test_the_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns a name collision (two choice sets called "status") into an error
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    assert "ElderStatusEnum" in text and "InspectionStatusEnum" in text
