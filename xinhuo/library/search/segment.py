"""Chinese words for the index and the query: jieba (loaded once per process), the school dictionary, pinyin
initials of people's names, and the highlighting of matched words.

Every token that reaches the database is made of letters and digits only (TOKEN), so a query can quote it for
FTS5 or to_tsquery without any user syntax passing through."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"[^\W_]+")  # letters and digits of any script; no quote, operator or underscore
# function words that only add noise to a match; single characters of content ("年", "班") stay
_STOP_WORDS = """的 了 在 是 和 与 及 等 之 其 这 那 把 被 也 都 就 而 或 着 过 吗 呢 吧 啊 呀 哪些 什么 怎么 如何
关于 有关 一个 一些 我们 你们 他们 她们 以及 并且 或者 还是 如果 因为 所以 通过 进行"""
STOP = frozenset(_STOP_WORDS.split())
TITLE_WEIGHT = 3  # a title's words are written this many times: bm25 / ts_rank then prefer title hits
BODY_CHARS = 6000  # the part of an item's text that is indexed (the start of a long handbook suffices)

_lock = threading.Lock()
_loaded: dict = {"jieba": None, "words": set(), "signature": None}


def jieba():
    """The jieba module, initialised once (its dictionary takes a second to load)."""
    if _loaded["jieba"] is None:
        with _lock:
            if _loaded["jieba"] is None:
                import jieba as jieba_module

                jieba_module.setLogLevel(60)
                jieba_module.initialize()
                _loaded["jieba"] = jieba_module
    return _loaded["jieba"]


def sync_words() -> None:
    """Bring jieba's extra words in step with every school's dictionary (one cheap query; reloads on a change).
    jieba is process-wide: a school's names are kept whole for all, which only ever keeps a name whole."""
    from django.db.models import Count, Max

    from .models import SchoolWord

    stats = SchoolWord.objects.aggregate(n=Count("pk"), last=Max("pk"))
    signature = (stats["n"], stats["last"])
    if signature == _loaded["signature"]:
        return
    words = set(SchoolWord.objects.values_list("word", flat=True))
    j = jieba()
    with _lock:
        for word in _loaded["words"] - words:
            j.del_word(word)
        for word in words - _loaded["words"]:
            j.add_word(word, freq=max(j.suggest_freq(word, tune=False), 1000))
        _loaded["words"], _loaded["signature"] = words, signature


def clean(token: str) -> str:
    return "".join(TOKEN.findall(token)).lower()


def tokens(text: str, *, search: bool = True) -> list[str]:
    """The words of a text, in order: fine-grained (jieba's search mode: a long word and its dictionary parts)
    or precise; punctuation and stop words dropped."""
    if not text:
        return []
    j = jieba()
    cut = j.cut_for_search(text) if search else j.cut(text)
    out = []
    for raw in cut:
        token = clean(raw)
        if token and token not in STOP:
            out.append(token)
    return out


def initials(name: str) -> str:
    """Pinyin initials of a name: 张小明 -> zxm (pypinyin; letters and digits in a name stay)."""
    from pypinyin import Style, lazy_pinyin

    return clean("".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")))


def index_text(title: str, body: str, names: Iterable[str] = ()) -> str:
    """The segmented text of an item: the title's words TITLE_WEIGHT times, the body's, the names whole, in
    parts and by pinyin initials."""
    head = tokens(title)
    parts = head * TITLE_WEIGHT + tokens(body[:BODY_CHARS])
    for name in names:
        name = name.strip()
        if not name:
            continue
        whole = clean(name)
        parts += [whole, *tokens(name), initials(name)] if whole else []
    text = " ".join(p for p in parts if p)
    return text[:20000].rsplit(" ", 1)[0] if len(text) > 20000 else text


def query_groups(question: str, *, limit: int = 12) -> list[list[str]]:
    """The question's words (precise cut), each with the finer words jieba's search mode finds in it: a group
    matches when any of its words does. At most `limit` groups; duplicates dropped."""
    groups: list[list[str]] = []
    seen: set[str] = set()
    for word in tokens(question[:200], search=False):
        if word in seen:
            continue
        seen.add(word)
        alternatives = [word] + [t for t in tokens(word) if t != word] if len(word) > 2 else [word]
        groups.append(list(dict.fromkeys(alternatives)))
        if len(groups) >= limit:
            break
    return groups


def fts5_expression(groups: list[list[str]], *, strict: bool) -> str:
    """An FTS5 MATCH expression: every token double-quoted (a string, never an operator); groups ANDed when
    strict, every word ORed otherwise."""
    def q(token: str) -> str:
        return '"' + token.replace('"', '""') + '"'

    if strict:
        return " AND ".join("(" + " OR ".join(q(t) for t in g) + ")" for g in groups)
    return " OR ".join(q(t) for g in groups for t in g)


def tsquery_expression(groups: list[list[str]], *, strict: bool) -> str:
    """A to_tsquery('simple', ...) text: every lexeme single-quoted (its own quotes and backslashes escaped)."""
    def q(token: str) -> str:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    if strict:
        return " & ".join("(" + " | ".join(q(t) for t in g) + ")" for g in groups)
    return " | ".join(q(t) for g in groups for t in g)


def _pattern(terms: Iterable[str]) -> re.Pattern | None:
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """The text with the matched words in <mark>: each piece escaped first, then wrapped."""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just now
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(escape(text[last:m.start()]))
        out.append("<mark>" + escape(m.group(0)) + "</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def snippet(text: str, terms: Iterable[str], *, before: int = 30, width: int = 120) -> SafeString:
    """A short part of the text around the first matched word (the longest word first), highlighted."""
    text = " ".join(text.split())
    terms = list(terms)
    pattern = _pattern(terms)
    start = 0
    if pattern is not None:
        found = [m.start() for t in sorted(set(terms), key=len, reverse=True) if (m := re.search(re.escape(t), text,
                                                                                             re.IGNORECASE))]
        if found:
            start = max(0, found[0] - before)
    piece = text[start:start + width]
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(piece, terms) + suffix)  # noqa: S308 - highlight escapes
