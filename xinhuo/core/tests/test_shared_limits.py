"""Several app servers, one set of limits (issue 21): the cache the limits count in is shared (the database or
Redis, XINHUO_CACHE), never one process's memory, and the login lockout lives in the database.

"Two servers" are two cache clients of their own (each its own connection or connection pool), as two gunicorn
processes on two machines would hold. The Redis tests use the Redis at 127.0.0.1:6379 (XINHUO_TEST_REDIS_URL),
database 15, under a key prefix of their own, and are skipped, saying why, when none answers.
"""

from __future__ import annotations

import os
import runpy
import uuid
from pathlib import Path

import pytest
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from conftest import PASSWORD
from xinhuo.surveys.mailbox import services as mailbox

REDIS_URL = os.environ.get("XINHUO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SETTINGS = Path(__file__).resolve().parents[2] / "settings.py"


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means there is no Redis to test with
        pytest.skip(f"no Redis answers at {REDIS_URL} ({exc.__class__.__name__}): start one or set "
                    "XINHUO_TEST_REDIS_URL to test the shared cache on Redis")


def two_servers(kind: str):
    """Two cache clients of one shared cache, as two app servers hold them."""
    if kind == "redis":
        redis_or_skip()
        prefix = f"xinhuo-test-{uuid.uuid4().hex}"
        return RedisCache(REDIS_URL, {"KEY_PREFIX": prefix}), RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    return DatabaseCache("xinhuo_cache", {}), DatabaseCache("xinhuo_cache", {})


@pytest.mark.parametrize("kind", ["db", "redis"])
def test_two_servers_count_one_limit_of_tracking_code_lookups(kind, db, monkeypatch):
    """Ten malformed tracking codes from one address, alternately through either server: then both refuse it.
    With a per-process cache each server would allow ten, twenty in all."""
    a, b = two_servers(kind)
    try:
        for i in range(mailbox.LOOKUP_FAILURES):
            monkeypatch.setattr(mailbox, "cache", a if i % 2 else b)
            with pytest.raises(ValidationError):
                mailbox.message_lookup(code="NOT-A-CODE!", client="203.0.113.9")
        for server in (a, b):
            monkeypatch.setattr(mailbox, "cache", server)
            with pytest.raises(mailbox.TooManyLookups):
                mailbox.message_lookup(code="NOT-A-CODE!", client="203.0.113.9")
        monkeypatch.setattr(mailbox, "cache", b)
        with pytest.raises(ValidationError):  # another address is not held back
            mailbox.message_lookup(code="NOT-A-CODE!", client="198.51.100.7")
    finally:
        a.clear()  # RedisCache.clear empties database 15, the tests' own
        a.close()
        b.close()


def test_one_counter_seen_by_both_redis_clients():
    a, b = two_servers("redis")
    try:
        a.add("hits", 0, 60)
        assert [a.incr("hits"), b.incr("hits"), a.incr("hits")] == [1, 2, 3] and b.get("hits") == 3
    finally:
        a.clear()


@pytest.mark.parametrize("kind", ["db", "redis"])
def test_the_login_lockout_holds_across_servers(kind, world):
    """Three failures through server A, two through server B, whose memory and cache client know nothing of A's:
    the account is locked on both, even for the right password (axes keeps attempts in the shared database)."""
    from axes.utils import reset

    if kind == "redis":
        redis_or_skip()
    assert isinstance(AxesProxyHandler.get_implementation(), AxesDatabaseHandler)
    cache = ({"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
              "KEY_PREFIX": f"xinhuo-test-{uuid.uuid4().hex}"} if kind == "redis" else
             {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "xinhuo_cache"})
    reset()
    server_a, server_b = Client(), Client()

    def fail(client: Client) -> int:
        return client.post("/login/", {"username": "director", "password": "wrong-password"}).status_code

    with override_settings(CACHES={"default": cache}):
        assert [fail(server_a) for _ in range(3)] == [200, 200, 200]
    with override_settings(CACHES={"default": {**cache, "KEY_PREFIX": "another-server"}}):  # a cache client anew
        assert [fail(server_b) for _ in range(2)] == [200, 429]
        assert server_b.post("/login/", {"username": "director", "password": PASSWORD}).status_code == 429
    with override_settings(CACHES={"default": cache}):
        assert server_a.post("/login/", {"username": "director", "password": PASSWORD}).status_code == 429
    reset()


def settings_with(monkeypatch, **env: str) -> dict:
    """settings.py evaluated with these environment variables (django.conf.settings is left alone)."""
    for name in ("XINHUO_CACHE", "XINHUO_REDIS_URL", "XINHUO_STORAGE", "XINHUO_S3_BUCKET",
                 "XINHUO_S3_ENDPOINT_URL", "XINHUO_S3_ACCESS_KEY", "XINHUO_S3_SECRET_KEY", "XINHUO_S3_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_the_cache_and_storage_settings(monkeypatch):
    default = settings_with(monkeypatch)
    assert default["CACHES"]["default"]["BACKEND"].endswith("DatabaseCache")
    assert default["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert default["STORAGES"]["default"]["OPTIONS"]["file_permissions_mode"] == 0o600

    redis = settings_with(monkeypatch, XINHUO_CACHE="redis", XINHUO_REDIS_URL="redis://10.0.0.5:6379/2")
    assert redis["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["CACHES"]["default"]["LOCATION"] == "redis://10.0.0.5:6379/2"

    s3 = settings_with(monkeypatch, XINHUO_STORAGE="s3", XINHUO_S3_BUCKET="county-xinhuo",
                       XINHUO_S3_ENDPOINT_URL="https://oss.example.cn", XINHUO_S3_ACCESS_KEY="ak",
                       XINHUO_S3_SECRET_KEY="sk", XINHUO_S3_REGION="cn-east-1")["STORAGES"]["default"]
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["access_key"], options["secret_key"],
            options["region_name"]) == ("county-xinhuo", "https://oss.example.cn", "ak", "sk", "cn-east-1")
    assert options["default_acl"] == "private" and options["querystring_auth"] and not options["file_overwrite"]

    for env, phrase in (({"XINHUO_CACHE": "locmem"}, "XINHUO_CACHE"), ({"XINHUO_STORAGE": "s3"}, "XINHUO_S3_BUCKET"),
                        ({"XINHUO_STORAGE": "memory", "XINHUO_PRODUCTION": "1", "XINHUO_SECRET_KEY": "x",
                          "XINHUO_FIELD_SALT": "y", "XINHUO_INDEX_KEY": "z"}, "XINHUO_STORAGE")):
        with pytest.raises(ValueError, match=phrase):
            settings_with(monkeypatch, **env)


def test_an_s3_storage_signs_its_urls_and_keeps_objects_private(monkeypatch):
    """What the county's bucket gets (no request is sent: boto3 signs URLs locally)."""
    from storages.backends.s3 import S3Storage

    options = settings_with(monkeypatch, XINHUO_STORAGE="s3", XINHUO_S3_BUCKET="county-xinhuo",
                            XINHUO_S3_ENDPOINT_URL="http://127.0.0.1:9000", XINHUO_S3_ACCESS_KEY="ak",
                            XINHUO_S3_SECRET_KEY="sk", XINHUO_S3_REGION="us-east-1")["STORAGES"]["default"]["OPTIONS"]
    storage = S3Storage(**options)
    url = storage.url("activities/photo.jpg")
    assert url.startswith("http://127.0.0.1:9000/") and "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url
    assert storage.default_acl == "private"
