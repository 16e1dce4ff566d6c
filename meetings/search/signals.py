"""Signal handlers that keep the search index in step with every save and delete.

What a meeting's search document holds comes from the meeting, its participants (and the people
they are linked to), documents, agreements, topics, minerals, countries and series; a change to any
of them reindexes the meetings concerned. Renaming a topic, mineral, person, series or country
reindexes its meetings only when a searchable field actually changed, so reloading reference data
does not rebuild the index.

Not covered (no signal fires): `QuerySet.update()`, `bulk_create()` and raw SQL. Code that writes
that way calls `meetings.search.index.reindex_meetings(ids)` afterwards (the bulk loader does).

Connected from `SearchConfig.ready()` (meetings/search/apps.py).
"""

from __future__ import annotations

import threading
from functools import partial

from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)

from meetings.search.index import reindex_meetings
from meetings.search.models import MeetingSearchDocument

_deleting = threading.local()

# The fields of related records that appear in search documents.
SEARCHABLE_FIELDS = {
    "Person": ("name", "given_name", "family_name", "native_name", "alternative_names"),
    "Topic": ("name",),
    "CriticalMineral": ("name", "aliases"),
    "MeetingSeries": ("name", "acronym", "alternative_names"),
    "Country": ("name", "short_name", "demonym"),
}


def _meetings_being_deleted() -> set[int]:
    if not hasattr(_deleting, "ids"):
        _deleting.ids = set()
    return _deleting.ids


def meeting_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_meetings([instance.pk])


def meeting_deleting(sender, instance, **kwargs):
    # A meeting's participants and documents are deleted with it, before it; their handlers must
    # not write a search document for a meeting about to disappear.
    _meetings_being_deleted().add(instance.pk)


def meeting_deleted(sender, instance, **kwargs):
    from meetings.search.backends import get_backend

    _meetings_being_deleted().discard(instance.pk)
    # The database drops the search document with the meeting; a search engine must be told.
    backend = get_backend()
    transaction.on_commit(partial(backend.documents_changed, [], {instance.pk}))


def part_saved(sender, instance, raw=False, **kwargs):
    """A participant, document or agreement was saved: its meeting (old and new) is reindexed."""
    if raw:
        return
    ids = {instance.meeting_id, getattr(instance, "_search_previous_meeting_id", None)}
    reindex_meetings(ids - {None})


def part_deleted(sender, instance, **kwargs):
    if instance.meeting_id not in _meetings_being_deleted():
        reindex_meetings([instance.meeting_id])


def document_saved(sender, instance, raw=False, **kwargs):
    """A document reports several meetings (Document.meetings): each is reindexed."""
    if not raw and instance.pk:
        reindex_meetings(list(instance.meetings.values_list("pk", flat=True)))


def document_deleting(sender, instance, **kwargs):
    instance._search_meeting_ids = list(instance.meetings.values_list("pk", flat=True))


def document_deleted(sender, instance, **kwargs):
    ids = set(getattr(instance, "_search_meeting_ids", [])) - _meetings_being_deleted()
    if ids:
        reindex_meetings(ids)


def document_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Documents linked to or unlinked from meetings, from either side."""
    from meetings.models import Meeting

    if action == "pre_clear" and not isinstance(instance, Meeting):
        instance._search_cleared_meeting_ids = list(instance.meetings.values_list("pk", flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Meeting):
        if instance.pk not in _meetings_being_deleted():
            reindex_meetings([instance.pk])
    elif action == "post_clear":
        reindex_meetings(getattr(instance, "_search_cleared_meeting_ids", []))
    else:
        reindex_meetings(set(pk_set or []) - _meetings_being_deleted())


def agreement_saving(sender, instance, raw=False, **kwargs):
    # An agreement may be moved to another meeting: the one it leaves is reindexed too.
    if instance.pk and not raw:
        instance._search_previous_meeting_id = (
            sender.objects.filter(pk=instance.pk).values_list("meeting_id", flat=True).first()
        )


def meeting_labels_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Topics, minerals or countries added to or removed from meetings (either side)."""
    from meetings.models import Meeting

    if action == "pre_clear" and reverse:
        # After the clear the link rows are gone; remember which meetings had them.
        instance._search_cleared_meeting_ids = list(
            sender.objects.filter(**{_reverse_field(sender): instance.pk}).values_list(
                "meeting_id", flat=True
            )
        )
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        if isinstance(instance, Meeting):
            reindex_meetings([instance.pk])
    elif action == "post_clear":
        reindex_meetings(getattr(instance, "_search_cleared_meeting_ids", []))
    else:
        reindex_meetings(pk_set or [])


def _reverse_field(through) -> str:
    """The through table's column naming the topic, mineral or country (not the meeting)."""
    for field in through._meta.get_fields():
        if field.is_relation and field.name != "meeting":
            return f"{field.name}_id"
    raise LookupError(through)


def label_saving(sender, instance, raw=False, **kwargs):
    """Remember whether a searchable field of a person, topic, mineral, series or country is about
    to change (one query per save of these rarely edited records)."""
    if raw or instance.pk is None:
        instance._search_fields_changed = False
        return
    fields = SEARCHABLE_FIELDS[sender.__name__]
    stored = sender.objects.filter(pk=instance.pk).values(*fields).first()
    instance._search_fields_changed = stored is not None and any(
        stored[name] != getattr(instance, name) for name in fields
    )


def label_saved(sender, instance, created=False, raw=False, **kwargs):
    from meetings.models import Meeting

    if raw or created or not getattr(instance, "_search_fields_changed", False):
        return
    instance._search_fields_changed = False
    if sender.__name__ == "Person":
        meetings = Meeting.objects.filter(participants__person=instance)
    elif sender.__name__ == "MeetingSeries":
        meetings = Meeting.objects.filter(series=instance)
    elif sender.__name__ == "Topic":
        meetings = Meeting.objects.filter(topics=instance)
    elif sender.__name__ == "CriticalMineral":
        meetings = Meeting.objects.filter(minerals=instance)
    else:
        meetings = Meeting.objects.filter(countries=instance)
    reindex_meetings(meetings.values_list("pk", flat=True))


def index_missing_documents(sender, app_config=None, using="default", **kwargs):
    """After `migrate`: index meetings that have no search document yet (an archive that existed
    before the search index, or one restored from a dump)."""
    from django.db import connections

    from meetings.models import Meeting

    # Sent once per app after every migrate; the search app's comes after the meetings app's.
    if app_config is None or app_config.label != "search":
        return
    connection = connections[using]
    if connection.vendor not in {"postgresql", "sqlite"}:
        return
    # `migrate meetings 0002` (backwards) leaves no index to fill.
    if MeetingSearchDocument._meta.db_table not in connection.introspection.table_names():
        return
    missing = Meeting.objects.using(using).filter(search_document__isnull=True)
    if missing.exists():
        reindex_meetings(missing.values_list("pk", flat=True))


def connect_search_signals():
    from meetings.models import (
        Agreement,
        Country,
        CriticalMineral,
        Document,
        Meeting,
        MeetingSeries,
        Participant,
        Person,
        Topic,
    )

    uid = "meetings.search.index"
    post_save.connect(meeting_saved, sender=Meeting, dispatch_uid=f"{uid}.meeting_saved")
    pre_delete.connect(meeting_deleting, sender=Meeting, dispatch_uid=f"{uid}.meeting_deleting")
    post_delete.connect(meeting_deleted, sender=Meeting, dispatch_uid=f"{uid}.meeting_deleted")
    for model in (Participant, Agreement):
        name = model.__name__
        post_save.connect(part_saved, sender=model, dispatch_uid=f"{uid}.{name}.saved")
        post_delete.connect(part_deleted, sender=model, dispatch_uid=f"{uid}.{name}.deleted")
    post_save.connect(document_saved, sender=Document, dispatch_uid=f"{uid}.Document.saved")
    pre_delete.connect(document_deleting, sender=Document, dispatch_uid=f"{uid}.Document.deleting")
    post_delete.connect(document_deleted, sender=Document, dispatch_uid=f"{uid}.Document.deleted")
    m2m_changed.connect(
        document_links_changed,
        sender=Document.meetings.through,
        dispatch_uid=f"{uid}.Document.meetings",
    )
    pre_save.connect(agreement_saving, sender=Agreement, dispatch_uid=f"{uid}.agreement_saving")
    for through in (Meeting.topics.through, Meeting.minerals.through, Meeting.countries.through):
        m2m_changed.connect(
            meeting_labels_changed, sender=through, dispatch_uid=f"{uid}.{through.__name__}"
        )
    for model in (Person, Topic, CriticalMineral, MeetingSeries, Country):
        name = model.__name__
        pre_save.connect(label_saving, sender=model, dispatch_uid=f"{uid}.{name}.saving")
        post_save.connect(label_saved, sender=model, dispatch_uid=f"{uid}.{name}.saved")
    post_migrate.connect(index_missing_documents, dispatch_uid=f"{uid}.post_migrate")


__all__ = ["connect_search_signals", "index_missing_documents"]
