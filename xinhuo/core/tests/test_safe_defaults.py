"""A school that follows the README gets the safe defaults (issue 20): no debug pages, Chinese error pages in the
site's layout, and a demo command that works on a database nobody has migrated yet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import path

from xinhuo import urls as project_urls

ROOT = Path(__file__).resolve().parents[3]


def _settings_value(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XINHUO_") and k != "DJANGO_SETTINGS_MODULE"}
    clean.update(env, DJANGO_SETTINGS_MODULE="xinhuo.settings")
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True,
                          check=True)
    return done.stdout.strip().splitlines()[-1]


def test_debug_is_off_unless_asked_for(tmp_path):
    assert _settings_value("DEBUG", XINHUO_VAR_DIR=str(tmp_path)) == "False"
    assert _settings_value("DEBUG", XINHUO_VAR_DIR=str(tmp_path), XINHUO_DEBUG="1") == "True"


def _denied(request):
    raise PermissionDenied


urlpatterns = [path("denied/", _denied), *project_urls.urlpatterns]


@pytest.mark.django_db
def test_a_mistyped_address_gets_the_chinese_not_found_page_without_the_url_list(client, world):
    client.force_login(world.users["parent_x"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在" in text or "不存在" in text
    assert "URLconf" not in text and "api/v1" not in text
    assert 'class="navbar' in text or "<nav" in text  # the site's layout, not a bare page


@pytest.mark.django_db
def test_a_refusal_gets_the_chinese_page_in_the_layout(client, world):
    client.force_login(world.users["parent_x"])
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/denied/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "不允许" in text or "无权" in text
    assert "403 Forbidden" not in text


def test_the_server_error_page_is_static():
    text = (ROOT / "xinhuo/core/templates/500.html").read_text()
    assert "{%" not in text and "{{" not in text  # nothing in it can fail while the server is already failing
    assert "出错了" in text


@pytest.mark.own_sqlite
def test_the_demo_command_migrates_a_fresh_database_first(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("XINHUO_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update(XINHUO_VAR_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
               XINHUO_DEMO_PASSWORD="demo-pass-2026")
    done = subprocess.run([sys.executable, "-m", "xinhuo", "demo"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "演示学校已创建" in done.stdout
