"""The crisis words of the mailbox: which letters go at once to the counsellors and the safeguarding lead.

A word matches when jieba cuts it out of the letter as a word of its own, so that 打我 is found in 爸爸经常打我 but
not in 明天打我们班的比赛; every word is added to jieba's dictionary first, so that it is cut as one word (jieba's
own dictionary would cut 不想活 into 不想 / 活). An entry with a space in it is a phrase ("不想 活下去"), found
as plain text with the spaces taken out. jieba loads its dictionary in about a second, once per process, on the
first letter that needs it: not at import, so that no page waits for it that does not match words."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from django.utils.translation import gettext as _

WORD_MAX = 40
WORDS_MAX = 200

# used while a school has not written its own list: self-harm, abuse and violence at home, bullying and extortion,
# sexual harassment
DEFAULT_WORDS: tuple[str, ...] = (
    "自杀", "轻生", "不想活", "活着没意思", "想死", "去死", "自残", "割腕", "跳楼", "吃药自杀", "安眠药",
    "打我", "家暴", "虐待", "被打", "体罚", "关起来",
    "欺负", "霸凌", "孤立我", "威胁", "勒索", "敲诈", "要钱",
    "性骚扰", "猥亵", "摸我", "侵犯",
)

_lock = threading.Lock()
_tokenizer = None
_added: set[str] = set()


def parse(text: str) -> list[str]:
    """The words of a settings text: one per line, stripped, blank lines and repeats dropped, in order."""
    seen: dict[str, None] = {}
    for line in (text or "").splitlines():
        word = " ".join(line.split())
        if word:
            seen.setdefault(word, None)
    return list(seen)


def check(text: str) -> tuple[list[str], list[str]]:
    """The words of a settings text and the refusals, in the committee's words."""
    words = parse(text)
    errors = []
    long = [w for w in words if len(w) > WORD_MAX]
    if long:
        errors.append(_("Each word or phrase is at most %(max)d characters: %(words)s.") % {
            "max": WORD_MAX, "words": "、".join(w[:12] + "…" for w in long[:3])})
    if len(words) > WORDS_MAX:
        errors.append(_("At most %(max)d words (%(count)d given).") % {"max": WORDS_MAX, "count": len(words)})
    return words, errors


def words_in_use(text: str) -> list[str]:
    """A school's list: its own words, or the default list while it has none."""
    return parse(text) or list(DEFAULT_WORDS)


def _tokenizer_with(words: Iterable[str]):
    """jieba's tokenizer, loaded once per process, with `words` in its dictionary."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)  # not the "Building prefix dict" lines in every worker's log
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _tokenizer = tokenizer
        for word in words:
            if word not in _added:
                _tokenizer.add_word(word)  # a frequency just high enough to keep it whole
                _added.add(word)
        return _tokenizer


def matches(text: str, words: Iterable[str]) -> list[str]:
    """The words of the list found in `text`, in the list's order."""
    words = list(words)
    if not text or not words:
        return []
    phrases = [w for w in words if " " in w]
    single = [w for w in words if " " not in w]
    found: set[str] = set()
    if single:
        lowered = text.lower()
        candidates = [w for w in single if w.lower() in lowered]  # cheap filter: most letters match nothing
        if candidates:
            tokens = {t.strip().lower() for t in _tokenizer_with(single).cut(text, HMM=False)}
            found.update(w for w in candidates if w.lower() in tokens)
    if phrases:
        squeezed = "".join(text.split()).lower()
        found.update(w for w in phrases if "".join(w.split()).lower() in squeezed)
    return [w for w in words if w in found]
