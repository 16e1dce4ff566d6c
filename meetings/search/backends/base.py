"""What every search backend provides, and the parts they share."""

from __future__ import annotations

from django.db.models import Expression, F, FloatField

from meetings.search.query import ParsedQuery

# Highlight markers in snippets: control characters, which the index never stores (see
# meetings.search.index.plain_text), so they survive HTML escaping and become <mark> afterwards.
MARK_START = "\x02"
MARK_END = "\x03"

# Relative weights of the four columns: title, subject, context, body.
WEIGHTS = {"title": 1.0, "subject": 0.4, "context": 0.2, "body": 0.1}


class SearchBackend:
    """The interface of a search backend."""

    name = "abstract"

    def search(self, queryset, parsed: ParsedQuery):
        """`queryset` narrowed to the meetings matching `parsed`, annotated with `rank` (float,
        higher is better). It must stay a lazy queryset other filters can be combined with."""
        raise NotImplementedError

    def highlighted_fields(self, meeting_ids: list[int], parsed: ParsedQuery) -> dict:
        """{meeting id: {field name: text with MARK_START/MARK_END around matched words}} for the
        subject, context and body of each meeting given; a field may be left out."""
        raise NotImplementedError

    def reset(self) -> None:
        """Every document is about to be rewritten (a full rebuild): start from empty."""

    def documents_changed(self, documents, removed: set[int]) -> None:
        """Search documents were rewritten (`documents`) or deleted (`removed` meeting ids).

        Called once the transaction that wrote them commits. The database backends need do
        nothing: the database indexes the rows itself."""


class CorrelatedSQL(Expression):
    """A scalar SQL fragment that refers to the outer meeting's primary key as `{pk}`.

    Used for ranks computed by a correlated subquery over the search index, which is not a Django
    model field the ORM could join to (its tsvector column and FTS5 table live outside the model).
    """

    output_field = FloatField()

    def __init__(self, template: str, params: list, pk=None):
        super().__init__()
        self.template, self.params = template, list(params)
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, expressions):
        (self.pk,) = expressions

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        pieces = self.template.split("{pk}")
        # Parameters belong to the template's pieces in order; the pk's own between them.
        sql, params, remaining = pieces[0], [], list(self.params)
        counts = [piece.count("%s") for piece in pieces]
        params += remaining[: counts[0]]
        remaining = remaining[counts[0] :]
        for piece, count in zip(pieces[1:], counts[1:], strict=True):
            sql += pk_sql + piece
            params += list(pk_params) + remaining[:count]
            remaining = remaining[count:]
        return sql, params
