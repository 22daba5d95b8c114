"""Pinyin keys for search: Chinese users type initials (zs for 张三) as often as characters."""

from pypinyin import Style, lazy_pinyin


def initials(name: str) -> str:
    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore") if p).lower()


def full(name: str) -> str:
    return "".join(lazy_pinyin(name, errors="ignore")).lower()
