"""What several models share: where facts come from, and the review flag."""

from __future__ import annotations

from django.db import models


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
