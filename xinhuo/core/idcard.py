"""Chinese resident ID-card numbers (GB 11643-1999): checksum, birth date, gender."""

import datetime as dt
import re

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")  # ASCII only: \d would accept full-width digits


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def birth_date(number: str) -> dt.date | None:
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def gender(number: str) -> str:
    """'M' or 'F' from the parity of the 17th digit."""
    return "M" if int(number[16]) % 2 else "F"


def is_valid(number: str) -> bool:
    number = number.strip().upper()
    if not _SHAPE.match(number):
        return False
    born = birth_date(number)
    if born is None or born > dt.date.today():
        return False
    return check_char(number[:17]) == number[17]


def make(region: str, born: dt.date, sequence: int, male: bool) -> str:
    """Build a valid number (demo data and tests); sequence is 0-99, parity set by gender."""
    seq = f"{sequence % 100:02d}{(1 if male else 0) + 2 * (sequence % 5)}"
    first17 = f"{region}{born:%Y%m%d}{seq}"
    return first17 + check_char(first17)
