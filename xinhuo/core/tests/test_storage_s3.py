"""Uploads in a county's S3-compatible object storage (XINHUO_STORAGE=s3, issue 21), against moto's in-process S3:
a training file and a photo stored, processed by the worker, served through the access-checked view and removed;
a roster workbook kept for its preview, its error report and its import, with the import's progress; old uploads
cleared; the backup's walk of the storage. Skipped when moto (a dev dependency) is not installed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from xinhuo.core import backup, excel
from xinhuo.core.tests.test_shared_limits import settings_with
from xinhuo.core.tests.upload_samples import pdf_bytes
from xinhuo.elders.models import TrainingMaterial
from xinhuo.elders.training import services as training
from xinhuo.people import roster
from xinhuo.people.models import RosterImport, Student
from xinhuo.people.tests.rosterbook import as_bytes, student_row, workbook

BUCKET = "county-xinhuo"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def bucket(settings, monkeypatch):
    moto = pytest.importorskip("moto", reason="moto (dev dependency) is needed to test the S3 storage")
    import boto3

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        storages = settings_with(monkeypatch, XINHUO_STORAGE="s3", XINHUO_S3_BUCKET=BUCKET,
                                 XINHUO_S3_ACCESS_KEY="testing", XINHUO_S3_SECRET_KEY="testing",
                                 XINHUO_S3_REGION="us-east-1")["STORAGES"]
        settings.STORAGES = {**settings.STORAGES, "default": storages["default"]}
        from storages.backends.s3 import S3Storage

        assert isinstance(default_storage, S3Storage)
        yield client


def keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def photo_with_gps() -> bytes:
    img = Image.new("RGB", (2400, 1200), "teal")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 20.0), 3: "E", 4: (116.0, 23.0, 30.0)}  # a GPS position
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def test_training_files_are_stored_processed_served_and_removed_in_the_bucket(world, bucket,
                                                                           django_capture_on_commit_callbacks):
    from decimal import Decimal

    s = training.training_session_create(
        actor=world.actor("director"), kind="study", topic="学习", date=timezone.localdate() - dt.timedelta(days=1),
        speaker="赵书记", hours=Decimal("1"),
        files=[SimpleUploadedFile("讲义.pdf", pdf_bytes("hello")), SimpleUploadedFile("合影.jpg", photo_with_gps())])
    pdf, jpg = s.files.order_by("pk")
    jpg.refresh_from_db()
    assert keys(bucket) == sorted([pdf.file.name, jpg.file.name]), "the worker's result replaced the upload"
    assert "pending-" not in jpg.file.name
    acl = bucket.get_object_acl(Bucket=BUCKET, Key=pdf.file.name)["Grants"]
    assert all(g["Grantee"].get("Type") == "CanonicalUser" for g in acl), f"private objects only: {acl}"
    with Image.open(io.BytesIO(bucket.get_object(Bucket=BUCKET, Key=jpg.file.name)["Body"].read())) as done:
        assert max(done.size) == 1600 and not done.getexif().get_ifd(0x8825), "resized, no GPS position"

    response = world.client("director").get(reverse("elders:training-file", args=[pdf.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf_bytes("hello")
    assert world.client("outsider").get(reverse("elders:training-file", args=[pdf.pk])).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row's deletion commits
        training.training_file_remove(actor=world.actor("director"), material=pdf)
    assert TrainingMaterial.objects.filter(session=s).count() == 1 and keys(bucket) == [jpg.file.name]


def test_a_roster_workbook_is_kept_reported_imported_and_deleted_in_the_bucket(world, bucket):
    client = world.client("director")
    rows = [student_row("2026601", "黄一", seq=1, guardians=[("黄父", "父亲", "13700006011")]),
            student_row("2026602", "黄二", seq=2, guardians=[("黄父", "父亲", "13700006011")])]
    bad = workbook([*rows, student_row("2026603", "黄三", seq=3, 性别="男孩")])
    r = client.post("/people/roster/upload/", {"file": SimpleUploadedFile("名册.xlsx", as_bytes(bad), XLSX)})
    refused = RosterImport.objects.get()
    assert r.status_code == 302 and refused.status == "invalid" and keys(bucket) == [refused.stored_path]
    report = client.get(f"/people/roster/imports/{refused.pk}/errors/")
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).worksheets[0]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "黄三" in cells and "错误原因" in cells, "the uploaded rows, read back from the bucket, with their problems"

    r = client.post("/people/roster/upload/", {"file": SimpleUploadedFile("名册.xlsx", as_bytes(workbook(rows)),
                                                                          XLSX)})
    good = RosterImport.objects.exclude(pk=refused.pk).get()
    assert good.status == "valid" and good.stored_path in keys(bucket)
    roster.write_progress(good.pk, 40)
    assert roster.read_progress(good.pk) == 40 and roster.progress_time(good.pk) is not None
    roster.delete_progress(good.pk)
    assert client.post(f"/people/roster/imports/{good.pk}/confirm/").status_code == 302
    good.refresh_from_db()
    assert good.status == "done" and Student.objects.filter(student_no__in=["2026601", "2026602"]).count() == 2
    assert keys(bucket) == [refused.stored_path], "the imported workbook is deleted, the refused one kept a while"

    assert list(backup.storage_names()) == [refused.stored_path], "the backup walks the bucket"
    assert excel.remove_old_uploads() == 0
    assert excel.remove_old_uploads(timezone.now() + excel.KEEP_UPLOADS + dt.timedelta(hours=1)) == 1
    assert keys(bucket) == []
