"""What several models share: where facts come from, and the review flag."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import translation
from django.utils.deconstruct import deconstructible


@deconstructible
class SourceListValidator:
    """A JSON `sources` value must be a list of http(s) URLs: `5`, `true`, `null` or a string
    are refused with a message rather than stored (and pages read them with `source_urls`)."""

    def __call__(self, value):
        if not isinstance(value, list):
            raise ValidationError('Enter a list of web addresses: ["https://…", "https://…"].')
        check = URLValidator(schemes=["http", "https"])
        for item in value:
            if not isinstance(item, str):
                raise ValidationError(f"Not a web address: {item!r}.")
            check(item)

    def __eq__(self, other):
        return isinstance(other, SourceListValidator)


class SourcesField(models.JSONField):
    """A JSON list of source URLs; an empty input ('', null) is stored as [] rather than NULL
    (which the column refuses: an admin save of `null` was a 500)."""

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value is None:
            value = []
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        formfield = super().formfield(**kwargs)
        original = formfield.clean

        def clean(value):
            cleaned = original(value)
            return [] if cleaned is None else cleaned

        formfield.clean = clean
        return formfield


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


class TitledSourcedRecord:
    """A record with a title and summary in both languages and Source records (meetings and
    agreements): what pages read of it in the reader's language, and its sources' URLs."""

    @property
    def local_title(self):
        return in_reader_language(self, "title")

    @property
    def local_summary(self):
        return in_reader_language(self, "summary")

    @property
    def sources(self) -> list[str]:
        """The URLs of the record's sources (its Source records, in order)."""
        return [source.url for source in self.source_records.all()]


def sources_field():
    return SourcesField(
        default=list,
        blank=True,
        validators=[SourceListValidator()],
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
