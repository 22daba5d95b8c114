"""Audit diffs never carry a sensitive value in full: at most its last four characters."""

from auditlog.models import LogEntry

from xinhuo.core.masking import audit_mask
from xinhuo.people.models import Guardian, Student


def test_audit_mask_keeps_at_most_the_last_four():
    assert audit_mask("110101201305010137") == "*" * 14 + "0137"
    assert audit_mask("13812345678") == "*******5678"
    assert audit_mask("北京市东城") == "*****"


def test_created_and_changed_records_are_audited_with_masked_sensitive_fields(world):
    student = Student.objects.get(pk=world.student_x.pk)
    student.address = "上海市黄浦区南京东路100号"
    student.save()
    guardian = Guardian.objects.get(pk=world.guardian_x.pk)
    guardian.phone = "13698765432"
    guardian.save()
    entries = LogEntry.objects.filter(object_pk__in=[str(student.pk), str(guardian.pk)])
    text = " ".join(str(e.changes) for e in entries)
    assert entries.count() >= 2
    for secret in (world.student_x.id_card[6:14], "上海市黄浦区南京", "1369876", world.guardian_x.phone[:7]):
        assert secret not in text, f"{secret} leaked into an audit diff"
    address_change = LogEntry.objects.get_for_object(student).latest("timestamp").changes_dict["address"]
    assert address_change[1] == "*" * (len(student.address) - 4) + "100号", "only the last four characters stay visible"
    phone_change = LogEntry.objects.get_for_object(guardian).latest("timestamp").changes_dict["phone"]
    assert phone_change[1] == "*******5432"
