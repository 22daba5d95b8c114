"""Reads of the assistant part, scoped to the actor. Retrieval goes through the search part's selector, so a
passage only ever comes from an item the asker may see (each kind's own scope decides), and so does its citation."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import QuerySet

from xinhuo.core.access import Actor
from xinhuo.library.search import selectors as search

from .models import AssistantLog, AssistantSettings
from .rules import LOG

TOP_HITS = 5  # items read for passages
MAX_PASSAGES = 5
PER_ITEM = 2  # passages from one item at most: an answer should draw on several sources
PASSAGE_CHARS = 180
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


@dataclass
class Source:
    number: int
    kind: str
    id: int
    title: str
    url: str
    kind_label: str = ""

    def as_dict(self) -> dict:
        return {"n": self.number, "kind": self.kind, "id": self.id, "title": self.title, "url": self.url}


@dataclass
class Passage:
    source: Source
    text: str


@dataclass
class Retrieved:
    question: str
    terms: list[str]
    passages: list[Passage]

    @property
    def sources(self) -> list[Source]:
        seen: dict[int, Source] = {}
        for p in self.passages:
            seen.setdefault(p.source.number, p.source)
        return list(seen.values())


def assistant_settings(school) -> AssistantSettings:
    """The school's settings, or the defaults (unsaved: students may not ask) while the committee has not set
    them."""
    return AssistantSettings.objects.filter(school=school).first() or AssistantSettings(school=school)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text or "") if len(s.strip()) > 1]


def _score(sentence: str, terms: list[str]) -> int:
    lowered = sentence.lower()
    return sum(1 for t in terms if t and t in lowered)


def _clip(text: str) -> str:
    return text if len(text) <= PASSAGE_CHARS else text[:PASSAGE_CHARS - 1] + "…"


def retrieve(actor: Actor, question: str) -> Retrieved:
    """The best passages for the question among the top hits the actor may see: each hit's sentences holding the
    question's words (jieba, as search cuts them), best first; a hit found by its title alone gives its first
    sentence. Sources are numbered in the order of their first passage."""
    found = search.search(actor, question)
    terms = [t.lower() for t in found.terms]
    scored: list[tuple[int, int, int, str]] = []  # (-score, rank, position, text)
    entries = list(found.results[:TOP_HITS])
    for rank, entry in enumerate(entries):
        parts = sentences(entry.body)
        ranked = sorted(((_score(s, terms), i, s) for i, s in enumerate(parts)), key=lambda r: (-r[0], r[1]))
        chosen = [r for r in ranked if r[0] > 0][:PER_ITEM] or ranked[:1]
        for score, position, text in chosen:
            scored.append((-score, rank, position, text))
        if not parts:
            scored.append((0, rank, 0, entry.title))
    scored.sort()
    kept = scored[:MAX_PASSAGES]
    kept.sort(key=lambda r: (r[1], r[2]))  # one source's passages together, in the text's order
    labels = found.labels
    numbers: dict[int, Source] = {}
    passages = []
    for _neg, rank, _position, text in kept:
        entry = entries[rank]
        if rank not in numbers:
            numbers[rank] = Source(number=len(numbers) + 1, kind=entry.kind, id=entry.object_id, title=entry.title,
                                   url=entry.url, kind_label=labels.get(entry.kind, entry.kind))
        passages.append(Passage(source=numbers[rank], text=_clip(text)))
    return Retrieved(question=found.question, terms=terms, passages=passages)


def counsellor_names(school) -> list[str]:
    """The school's counsellors' names, for the help text of a crisis answer."""
    from xinhuo.core.models import Role
    from xinhuo.core.services import recipients_for_roles

    return [u.display_name for u in recipients_for_roles(school, [Role.COUNSELLOR]) if u.display_name][:2]


def log_entries(actor: Actor, *, since: dt.date | None = None, until: dt.date | None = None,
                crisis: bool = False) -> QuerySet[AssistantLog]:
    actor.require(LOG)
    qs = AssistantLog.objects.filter(school=actor.school).select_related("asker")
    if since:
        qs = qs.filter(asked_at__date__gte=since)
    if until:
        qs = qs.filter(asked_at__date__lte=until)
    if crisis:
        qs = qs.filter(crisis=True)
    return qs
