"""Writes of the search part: the school dictionary (each change queues the rebuild of the school's index)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xinhuo.core.access import Actor

from . import segment
from .models import SchoolWord
from .rules import DICTIONARY, can_edit_word


def _queue_reindex(school_id: int) -> None:
    from .tasks import reindex_school_task

    transaction.on_commit(lambda: reindex_school_task.enqueue(school_id))


def word_add(*, actor: Actor, word: str) -> SchoolWord:
    actor.require(DICTIONARY)
    cleaned = "".join(word.split())
    if not cleaned or not segment.clean(cleaned):
        raise ValidationError({"word": _("Enter a word of letters or digits.")})
    if len(cleaned) > 30:
        raise ValidationError({"word": _("A word has at most 30 characters.")})
    with transaction.atomic():
        if SchoolWord.objects.filter(school=actor.school, word=cleaned).exists():
            raise ValidationError({"word": _("This word is already in the dictionary.")})
        created = SchoolWord.objects.create(school=actor.school, word=cleaned, created_by=actor.user)
        _queue_reindex(actor.school.pk)
    return created


def word_remove(*, actor: Actor, word: SchoolWord) -> None:
    if not can_edit_word(actor, word):
        raise ValidationError(_("You cannot change this dictionary."))
    with transaction.atomic():
        word.delete()
        _queue_reindex(actor.school.pk)
