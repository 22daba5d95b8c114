"""Blind indexes: keyed hashes of normalised values kept beside encrypted columns.

They let equality look-ups (duplicate ID-card numbers, login by mobile) run as indexed
queries without decrypting every row. The key comes from settings, never the code.
"""

import functools
import hashlib
import hmac
from typing import TYPE_CHECKING

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import models
from encrypted_fields.fields import EncryptedCharField, EncryptedFieldMixin, EncryptedTextField


def normalise_phone(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits.replace("+", "")


def normalise_id_card(value: str) -> str:
    return value.strip().upper()


def blind_index(kind: str, value: str | None) -> str:
    """A hex HMAC of the normalised value; '' for an empty value."""
    if not value:
        return ""
    key = settings.XINHUO_INDEX_KEY.encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def phone_index(value: str | None) -> str:
    return blind_index("phone", normalise_phone(value or ""))


def id_card_index(value: str | None) -> str:
    return blind_index("id_card", normalise_id_card(value or ""))


# --- free text about a person, encrypted at rest ------------------------------------------------------------------



@functools.cache
def _fernet(secret_keys: tuple[str, ...], salts: tuple[str, ...]):
    # the package derives its keys (PBKDF2, 100,000 rounds) once per field; shared here, a process pays it once
    field = EncryptedTextField()
    return field.f


class _Shared:
    """The package's encryption, with two differences: the keys are derived once per process, not once per field,
    and '' is kept as '' (that a note is empty is no secret, and `exclude(field="")` keeps working); every other
    value is Fernet ciphertext, so the column can be neither searched nor ordered."""

    @property
    def f(self):
        salts = settings.SALT_KEY if isinstance(settings.SALT_KEY, list) else [settings.SALT_KEY]
        secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return _fernet(tuple(secrets), tuple(salts))

    def get_prep_value(self, value):
        if value == "":
            return ""
        return super().get_prep_value(value)  # type: ignore[misc]


if TYPE_CHECKING:  # the package has no types: to mypy these are the text fields they store
    SensitiveTextField = models.TextField
    SensitiveCharField = models.CharField
else:

    class SensitiveTextField(_Shared, EncryptedTextField):
        """A free-text field about a child's or family's situation or health (or an elder's): encrypted at rest."""

    class SensitiveCharField(_Shared, EncryptedCharField):
        """A short free text of the same kind; the column is text (ciphertext is longer), the limit is checked on
        the plaintext."""


def is_encrypted(field) -> bool:
    return isinstance(field, EncryptedFieldMixin)


def _rewrite(app_label: str, model_name: str, fields: tuple[str, ...], encrypt: bool):
    def run(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        qn = connection.ops.quote_name
        for name in fields:
            field = model._meta.get_field(name)
            fernet = _Shared().f
            table, column, pk = qn(model._meta.db_table), qn(field.column), qn(model._meta.pk.column)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk}, {column} FROM {table}")  # noqa: S608 (names quoted, no user input)
                rows = cursor.fetchall()
                for key, value in rows:
                    if not value:
                        continue
                    new = _encrypt_once(fernet, value) if encrypt else _decrypt(fernet, value)
                    if new != value:
                        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s", [new, key])  # noqa: S608
    return run


def _decrypt(fernet, value: str) -> str:
    try:
        return fernet.decrypt(value.encode()).decode()
    except InvalidToken:
        return value  # already plain


def _encrypt_once(fernet, value: str) -> str:
    if _decrypt(fernet, value) != value:
        return value  # already ciphertext (a migration run twice, or rows written after the field changed)
    return fernet.encrypt(value.encode()).decode()


def encrypt_existing(app_label: str, model_name: str, *fields: str):
    """The data migration that follows turning `fields` into Sensitive*Field: the rows written before hold
    plaintext; rewrite them as ciphertext (reversed: back to plaintext, before the field turns plain again)."""
    from django.db import migrations

    return migrations.RunPython(_rewrite(app_label, model_name, fields, True),
                                _rewrite(app_label, model_name, fields, False), elidable=False)


def mask_text(value) -> str:
    """The change history's mask for encrypted free text (auditlog's mask_callable, one per model): that it
    changed, nothing of what it says. A phone number beside it keeps its last four digits, as core.masking's
    default mask does (right for a phone number, not for a note)."""
    from .masking import audit_mask

    text = str(value or "")
    if text.isdigit():
        return audit_mask(text)
    return "******" if text else ""
