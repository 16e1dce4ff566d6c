"""What several models share: where facts come from, and the review flag."""

from __future__ import annotations

from django.db import models
from django.utils import translation


def reader_is_japanese() -> bool:
    """True on /ja/ pages (the active language comes from the path: archive/language.py)."""
    return (translation.get_language() or "").startswith("ja")


def in_reader_language(obj, field: str) -> str:
    """The record's `field` in the reader's language: on /ja/ pages its `<field>_ja` when filled
    in, else the English field."""
    if reader_is_japanese():
        value = getattr(obj, f"{field}_ja", "")
        if value:
            return value
    return getattr(obj, field)


def sources_field():
    return models.JSONField(
        default=list,
        blank=True,
        help_text="Where this record's facts come from: a list of URLs, e.g. "
        '["https://www.meti.go.jp/english/press/2024/0627_001.html"].',
    )


class ReviewedModel(models.Model):
    """Records the importer may create before an editor has checked them."""

    needs_review = models.BooleanField(
        default=False,
        help_text="Created automatically by the release importer; untick once an editor has "
        "checked the record.",
    )

    class Meta:
        abstract = True
