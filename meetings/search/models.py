"""The search document: a meeting's searchable text in four columns, one per weight.

The table (`meetings_search_document`) and the full-text machinery over it (a generated tsvector
column and GIN index on PostgreSQL, an FTS5 table and triggers on SQLite) were created by migration
meetings/0003 while this model belonged to the `meetings` app; the model moved to the search app
in state only (meetings/0005, search/0001), so its table and index were never rebuilt.
Rows are written by `meetings.search.index.reindex_meetings`, never by hand.
"""

from django.db import models


class MeetingSearchDocument(models.Model):
    """A meeting's searchable text, by weight (maintained by `reindex_meetings`, never by hand)."""

    meeting = models.OneToOneField(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    title = models.TextField(blank=True)
    subject = models.TextField(blank=True)
    context = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        db_table = "meetings_search_document"

    def __str__(self):
        return self.title

    @property
    def weighted_fields(self) -> dict[str, str]:
        return {
            "title": self.title,
            "subject": self.subject,
            "context": self.context,
            "body": self.body,
        }
