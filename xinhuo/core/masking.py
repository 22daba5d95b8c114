"""Masked display of sensitive values for roles that do not need the full value."""

MASK = "*"


def mask_id_card(value: str | None) -> str:
    if not value:
        return ""
    if len(value) <= 10:
        return MASK * len(value)
    return value[:6] + MASK * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """A mobile number keeps its prefix and last four (138****5678); a shorter number (a landline without its area
    code) keeps at most its last four, and always hides at least four digits."""
    if not value:
        return ""
    if len(value) < 7:
        return MASK * len(value)
    if len(value) < 11:
        shown = min(4, len(value) - 4)
        return MASK * (len(value) - shown) + value[-shown:]
    return value[:3] + MASK * (len(value) - 7) + value[-4:]


def mask_address(value: str | None) -> str:
    """Keep the first six characters (province/city/district) and hide the rest."""
    if not value:
        return ""
    keep = min(6, max(len(value) // 3, 1))
    return value[:keep] + MASK * 4


MASKERS = {"id_card": mask_id_card, "phone": mask_phone, "address": mask_address}


def mask(field: str, value: str | None) -> str:
    return MASKERS[field](value)


def audit_mask(value: str) -> str:
    """Masking of sensitive fields in audit diffs (django-auditlog): showing that a value changed needs
    at most its last four characters; auditlog's default would have kept the second half."""
    value = str(value)
    return MASK * len(value) if len(value) <= 8 else MASK * (len(value) - 4) + value[-4:]
