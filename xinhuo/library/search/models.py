"""The search index (RES-2): one row per indexed item of any app, its text segmented by jieba beforehand, and the
school's own dictionary of words jieba should keep whole (names of people, places, programmes).

The database's full-text machinery sits on SearchEntry.text (db.py): an external-content FTS5 table on SQLite,
the `vector` tsvector column with a GIN index on PostgreSQL. Neither is a model field's doing, so db.py creates
them after migrate (and after the test database's syncdb)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xinhuo.core.models import School

__all__ = ["SchoolWord", "SearchEntry"]


class SearchEntry(models.Model):
    """What the search box finds of one item (an indexer's Document, segmented). Who may see it is never stored
    here: the query asks the item's app (Indexer.visible) at search time, so a change of status or audience
    applies at once."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # the indexer's kind ("activity", "news", ...)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=4000, blank=True)  # the start of the item's text, for the snippet
    # jieba-segmented words joined by spaces: the title's words thrice (a title hit outranks a body hit), the
    # body's, the people's names and their pinyin initials; what FTS5 and to_tsvector read
    text = models.TextField(max_length=20000)
    tags = models.CharField(max_length=300, blank=True)  # "|tag|tag|": exact tag filter with one LIKE
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    url = models.CharField(max_length=200)
    updated = models.DateTimeField(default=timezone.now)
    vector = SearchVectorField(null=True, editable=False)  # PostgreSQL only (to_tsvector('simple', text))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="library_search_entry_unique")]
        indexes = [models.Index(fields=["school", "kind", "year"], name="library_search_school_kind")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split("|") if t]


class SchoolWord(models.Model):
    """A word of the school's dictionary (names of its people, places and programmes), kept whole by jieba."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(_("word"), max_length=30)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("dictionary word")
        verbose_name_plural = _("dictionary words")
        ordering = ["word", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "word"], name="library_school_word_unique")]

    def __str__(self) -> str:
        return self.word


# Free text kept in clear on purpose (core/tests/test_encrypted_at_rest.py)
PLAIN_TEXT: dict[str, str] = {
    "SearchEntry.body": "a copy of what an indexed item already shows to those who may see it (the snippet)",
    "SearchEntry.text": "the same item's words, segmented for the full-text index",
}
