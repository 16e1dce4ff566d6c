"""Full-text search in the database: PostgreSQL's tsvector + GIN, SQLite's FTS5.

Both compile the same `ParsedQuery`, so they agree on what matches: every group (AND) must have one
of its atoms (OR) and no excluded atom may match. Words and phrases go to the database's full-text
index, where English stemming applies (PostgreSQL's Snowball `english`, FTS5's `porter`); Japanese
and other unspaced text goes to a substring test over the stored document.

The index itself is created by migration 0003 (see `meetings.search.models`):
- PostgreSQL: `meetings_search_document.search_vector`, a generated tsvector column (title A,
  subject B, context C, body D) with the GIN index `meetings_search_vector_gin`.
- SQLite: the FTS5 table `meetings_search_fts` (porter tokenizer) over the same four columns,
  kept in step with `meetings_search_document` by triggers.
"""

from __future__ import annotations

from django.db import connection, connections
from django.db.models import BooleanField, Expression, F, FloatField, Q, Value
from django.db.models.expressions import RawSQL

from meetings.search.backends.base import (
    MARK_END,
    MARK_START,
    WEIGHTS,
    CorrelatedSQL,
    SearchBackend,
)
from meetings.search.query import ParsedQuery, Substring, Words

DOCUMENT_TABLE = "meetings_search_document"
FTS_TABLE = "meetings_search_fts"
# Japanese substrings: PostgreSQL's pg_trgm GIN index is over exactly this expression, SQLite's
# FTS5 trigram table over the same text (search/0002). Three characters or more use the index.
DOCUMENT_TEXT = "(title || ' ' || subject || ' ' || context || ' ' || body)"
TRIGRAM_TABLE = "meetings_search_trigram"
TRIGRAM = 3
SNIPPET_FIELDS = ("subject", "context", "body")


def compact_index() -> None:
    """After a full rebuild on PostgreSQL: move the GIN index's pending list into the index.

    New entries wait in a pending list (GIN's fastupdate), which makes bulk writes several times
    faster, but until autovacuum merges it every search scans it and the planner may prefer a
    sequential scan. Merging at once keeps searches on the index straight after a rebuild.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT gin_clean_pending_list('meetings_search_vector_gin'::regclass)")


def like_pattern(text: str) -> str:
    """A LIKE pattern finding `text` anywhere, with LIKE's own wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


RUM_INDEX = "meetings_search_vector_rum"
_rum_by_database: dict[tuple, bool] = {}


def rum_index_available(using=None) -> bool:
    """Whether PostgreSQL has the optional RUM index (search/0003), checked once per process and
    database. Without it, relevance pages rank every match with ts_rank (the earlier path)."""
    conn = connections[using] if using else connection
    if conn.vendor != "postgresql":
        return False
    key = (conn.alias, conn.settings_dict.get("HOST"), conn.settings_dict.get("NAME"))
    if key not in _rum_by_database:
        with conn.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RUM_INDEX])
            _rum_by_database[key] = bool(cursor.fetchone()[0])
    return _rum_by_database[key]


# A top-k page asks the index for this many rows more than it shows, so that meetings tied with
# the last one shown are all seen (the list's order breaks ties by date, then id), and the
# filters have some to spare; it asks for four times as many while that is not enough.
TOP_K_MARGIN = 20
# Beyond this many rows (a deep page, or filters that reject most matches) ranking every match
# once is cheaper than asking the index again and again.
TOP_K_AT_MOST = 2000


def best_first(rows):
    """(id, rank, start_date) rows in the list's relevance order: rank, newest, highest id."""
    return sorted(
        rows,
        key=lambda row: (
            -(row[1] or 0.0),
            row[2] is None,  # dates last when missing, as NULLS LAST
            -(row[2].toordinal() if row[2] else 0),
            -row[0],
        ),
    )


def enough(rows, wanted: int, limit: int, read: list[float]) -> bool:
    """Whether `rows` (kept, best first, from an index read of at most `limit` rows whose ranks
    are `read`) settle the first `wanted`: the index had no more, or the last row read ranks
    strictly below the `wanted`-th kept one (so no unread row can tie with it or beat it)."""
    if len(read) < limit:
        return True
    return len(rows) >= wanted and rows[wanted - 1][1] > min(read)


class DatabaseSearchBackend(SearchBackend):
    """What PostgreSQL and SQLite share; subclasses compile words to their full-text syntax."""

    def top_matches(self, queryset, parsed: ParsedQuery, wanted: int):
        """The best `wanted` meetings of `queryset` matching `parsed` (or all, if fewer), as
        (id, rank, start_date) in the list's relevance order, read from the index without
        ranking every match; None when this database cannot (the caller ranks every match)."""
        return None

    @staticmethod
    def words_only(parsed: ParsedQuery) -> bool:
        atoms = [*parsed.positive_atoms, *parsed.excluded]
        return bool(parsed.groups) and all(isinstance(atom, Words) for atom in atoms)

    def words_subquery(self, groups: list[list[Words]]) -> RawSQL:
        """SELECT of the ids of meetings matching every group (any word or phrase of each)."""
        raise NotImplementedError

    def words_rank(self, groups: list[list[Words]]):
        """An expression ranking the outer meeting by these groups of words (higher is better):
        every group ANDed, the words of a group ORed, as `words_subquery` matches them."""
        raise NotImplementedError

    def substring_subquery(self, text: str) -> RawSQL:
        return RawSQL(
            f"SELECT meeting_id FROM {DOCUMENT_TABLE} WHERE {DOCUMENT_TEXT} LIKE %s ESCAPE '\\'",
            [like_pattern(text)],
        )

    def substring_rank(self, text: str) -> CorrelatedSQL:
        # Unspaced text has no word statistics to rank by: the heaviest column it appears in counts.
        pattern = like_pattern(text)
        cases = " ".join(
            f"WHEN d.{column} LIKE %s ESCAPE '\\' THEN {weight}"
            for column, weight in WEIGHTS.items()
        )
        return CorrelatedSQL(
            f"COALESCE((SELECT CASE {cases} ELSE 0.0 END FROM {DOCUMENT_TABLE} d "
            "WHERE d.meeting_id = {pk}), 0.0)",
            [pattern] * len(WEIGHTS),
        )

    def atom_subquery(self, atom) -> RawSQL:
        if isinstance(atom, Words):
            return self.words_subquery([[atom]])
        return self.substring_subquery(atom.text)

    def search(self, queryset, parsed: ParsedQuery):
        word_groups = [
            group for group in parsed.groups if all(isinstance(atom, Words) for atom in group)
        ]
        if word_groups:
            queryset = queryset.filter(pk__in=self.words_subquery(word_groups))
        for group in parsed.groups:
            if group in word_groups:
                continue
            either = Q()
            for atom in group:
                either |= Q(pk__in=self.atom_subquery(atom))
            queryset = queryset.filter(either)
        excluded_words = [atom for atom in parsed.excluded if isinstance(atom, Words)]
        if excluded_words:
            queryset = queryset.exclude(pk__in=self.words_subquery([excluded_words]))
        for atom in parsed.excluded:
            if isinstance(atom, Substring):
                queryset = queryset.exclude(pk__in=self.substring_subquery(atom.text))
        return queryset.annotate(rank=self.rank(parsed))

    @staticmethod
    def rank_groups(parsed: ParsedQuery) -> list[list[Words]]:
        """The word groups a result is ranked by.

        When every group is made of words (the usual query), the ranking query is the match
        itself: every group ANDed, so the ranking scores only the documents that match all the
        words (about 27,000 for "supply chain" at 100,000 meetings) instead of those matching
        any of them (about 96,000), and a document's score is the same either way on SQLite
        (bm25 sums over the query's phrases). When a group mixes words with Japanese substrings,
        a result may match that group through the substring alone, so the words are ORed (one
        group), as before."""
        if all(isinstance(atom, Words) for group in parsed.groups for atom in group):
            return [list(group) for group in parsed.groups]
        return [parsed.positive_words]

    def rank(self, parsed: ParsedQuery):
        parts = []
        if parsed.positive_words:
            parts.append(self.words_rank(self.rank_groups(parsed)))
        parts += [self.substring_rank(atom.text) for atom in parsed.positive_substrings]
        if not parts:
            return Value(0.0, output_field=FloatField())
        total = parts[0]
        for part in parts[1:]:
            total = total + part
        return total

    def highlighted_fields(self, meeting_ids: list[int], parsed: ParsedQuery) -> dict:
        if not meeting_ids or not parsed.positive_words:
            return {}
        sql, params = self.highlight_sql(meeting_ids, parsed.positive_words)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {
                row[0]: dict(zip(SNIPPET_FIELDS, row[1:], strict=True)) for row in cursor.fetchall()
            }

    def highlight_sql(self, meeting_ids: list[int], atoms: list[Words]) -> tuple[str, list]:
        raise NotImplementedError


class JoinedVectorSQL(Expression):
    """SQL over the meeting's search document joined to the query (`{vector}` stands for its
    `search_vector` column, which is not a model field). The join and its alias come from a model
    field of the document, so the expression stays right when Django re-aliases tables (the
    queryset used as a subquery by the facets)."""

    def __init__(self, template: str, params: list, output_field):
        super().__init__(output_field=output_field)
        self.template, self.params = template, list(params)
        # A column the ORM cannot trim to the meeting's own id (as it would `meeting_id`).
        self.column = F("search_document__title")

    @property
    def conditional(self):
        return isinstance(self.output_field, BooleanField)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions

    def as_sql(self, compiler, connection):
        column_sql, column_params = compiler.compile(self.column)
        table, _, _ = column_sql.rpartition(".")
        return self.template.replace("{vector}", f"{table}.search_vector"), [
            *column_params,
            *self.params,
        ]


class PostgresSearchBackend(DatabaseSearchBackend):
    name = "postgresql"

    def search(self, queryset, parsed: ParsedQuery):
        """A query of words only (the usual case) is matched and ranked in one pass: the search
        document is joined (one row per meeting) and its vector both filtered (`@@`, through the
        GIN index) and ranked in the same row, instead of an `IN` subquery plus a correlated
        `ts_rank` lookup per result (27,415 results: 269 instead of 361 ms, measured with EXPLAIN
        ANALYZE at 100,000 meetings)."""
        if not self.words_only(parsed):
            return super().search(queryset, parsed)
        return self.matching(queryset, parsed).annotate(rank=self.joined_rank(queryset, parsed))

    def matching(self, queryset, parsed: ParsedQuery):
        """`queryset` narrowed to the matches of a query of words only (not ranked)."""
        match, params = self.tsquery(parsed.groups)
        queryset = queryset.filter(
            JoinedVectorSQL(f"{{vector}} @@ {match}", params, BooleanField())
        )
        if parsed.excluded:
            queryset = queryset.exclude(pk__in=self.words_subquery([list(parsed.excluded)]))
        return queryset

    def joined_rank(self, queryset, parsed: ParsedQuery):
        """The rank of the joined document: with the RUM index, the inverse of its rank distance
        (`<=>`, the order the index returns matches in, so a page read from the index and the
        same list ranked in full agree); without it, `ts_rank`. Both weigh the title (A) most,
        then B, C, D with ts_rank's default weights; their scales differ."""
        match, params = self.tsquery(parsed.groups)
        if rum_index_available(queryset.db):
            return JoinedVectorSQL(
                f"(1.0 / ({{vector}} <=> {match})::double precision)", params, FloatField()
            )
        return JoinedVectorSQL(f"ts_rank({{vector}}, {match})", params, FloatField())

    def top_matches(self, queryset, parsed: ParsedQuery, wanted: int):
        """With the RUM index: the matches in order of rank distance straight from the index
        (`ORDER BY search_vector <=> query LIMIT n`: ~50 ms for the top of 26,000 matches, where
        ranking them all takes ~350 ms), joined to the other filters; rows tied with the last
        one shown are all read before the page is cut (ties are broken by date, then id)."""
        if not self.words_only(parsed) or not rum_index_available(queryset.db):
            return None
        match, params = self.tsquery(parsed.groups)
        distance = JoinedVectorSQL(f"({{vector}} <=> {match})", params, FloatField())
        matches = self.matching(queryset, parsed).annotate(distance=distance).order_by("distance")
        limit = wanted + TOP_K_MARGIN
        while limit <= TOP_K_AT_MOST * 4:
            fetched = list(matches.values_list("pk", "distance", "start_date")[:limit])
            rows = best_first(
                (pk, 1.0 / distance if distance else 0.0, start) for pk, distance, start in fetched
            )
            if enough(rows, wanted, limit, [rank for _, rank, _ in rows]):
                return rows
            limit *= 4
        return None

    HEADLINE_OPTIONS = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, ShortWord=2, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )

    @staticmethod
    def atom_tsquery(atom: Words) -> tuple[str, list]:
        function = "phraseto_tsquery" if atom.is_phrase else "plainto_tsquery"
        return f"{function}('english'::regconfig, %s)", [atom.text]

    def tsquery(self, groups: list[list[Words]]) -> tuple[str, list]:
        """One tsquery: the OR of each group's atoms, the groups ANDed."""
        group_sql, params = [], []
        for group in groups:
            compiled = [self.atom_tsquery(atom) for atom in group]
            group_sql.append("(" + " || ".join(sql for sql, _ in compiled) + ")")
            params += [param for _, atom_params in compiled for param in atom_params]
        return "(" + " && ".join(group_sql) + ")", params

    def words_subquery(self, groups):
        sql, params = self.tsquery(groups)
        return RawSQL(
            f"SELECT meeting_id FROM {DOCUMENT_TABLE} WHERE search_vector @@ {sql}", params
        )

    def words_rank(self, groups):
        sql, params = self.tsquery(groups)
        # ts_rank's default weights (D 0.1, C 0.2, B 0.4, A 1.0) are the archive's WEIGHTS.
        return CorrelatedSQL(
            f"COALESCE((SELECT ts_rank(d.search_vector, {sql}) FROM {DOCUMENT_TABLE} d "
            "WHERE d.meeting_id = {pk}), 0.0)",
            params,
        )

    def highlight_sql(self, meeting_ids, atoms):
        tsquery, params = self.tsquery([atoms])
        headlines = ", ".join(
            f"ts_headline('english'::regconfig, {field}, {tsquery}, %s)" for field in SNIPPET_FIELDS
        )
        placeholders = ", ".join(["%s"] * len(meeting_ids))
        sql = (
            f"SELECT meeting_id, {headlines} FROM {DOCUMENT_TABLE} "
            f"WHERE meeting_id IN ({placeholders})"
        )
        return sql, [*(params + [self.HEADLINE_OPTIONS]) * len(SNIPPET_FIELDS), *meeting_ids]


class SQLiteSearchBackend(DatabaseSearchBackend):
    name = "sqlite"
    # bm25() column weights, in the FTS5 table's column order (title, subject, context, body).
    BM25_WEIGHTS = "10.0, 4.0, 2.0, 1.0"

    def substring_subquery(self, text: str) -> RawSQL:
        # Three characters or more: the FTS5 trigram index finds the substring (same meetings as
        # the LIKE below, which remains for one- and two-character terms such as 日米).
        if len(text) >= TRIGRAM:
            phrase = '"' + text.replace('"', '""') + '"'
            return RawSQL(
                f"SELECT rowid FROM {TRIGRAM_TABLE} WHERE {TRIGRAM_TABLE} MATCH %s", [phrase]
            )
        return super().substring_subquery(text)

    @staticmethod
    def atom_match(atom: Words) -> str:
        # Every word is quoted: inside double quotes FTS5 sees only tokens, never operators, and
        # the parser let through nothing but letters and digits.
        return '"' + " ".join(atom.words) + '"'

    def match_expression(self, groups: list[list[Words]]) -> str:
        return " AND ".join(
            "(" + " OR ".join(self.atom_match(atom) for atom in group) + ")" for group in groups
        )

    def words_subquery(self, groups):
        return RawSQL(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [self.match_expression(groups)],
        )

    def top_matches(self, queryset, parsed: ParsedQuery, wanted: int):
        """FTS5 orders its matches by bm25 itself (`ORDER BY bm25(…) LIMIT n`: ~30 ms for the top
        of 27,000 matches, against ~180 ms to rank them all joined to the meetings); the rows
        read are then narrowed to `queryset` (the other filters, published meetings) by id. While
        too few pass the filters, or the last one read ties with the last one kept, four times as
        many are read; past TOP_K_AT_MOST, None (the caller ranks every match)."""
        if not self.words_only(parsed):
            return None
        sql = (
            f"SELECT rowid, -bm25({FTS_TABLE}, {self.BM25_WEIGHTS}) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY score DESC LIMIT %s"
        )
        if parsed.excluded:
            queryset = queryset.exclude(pk__in=self.words_subquery([list(parsed.excluded)]))
        limit = wanted + TOP_K_MARGIN
        while limit <= TOP_K_AT_MOST:
            with connections[queryset.db].cursor() as cursor:
                cursor.execute(sql, [self.match_expression(parsed.groups), limit])
                fetched = cursor.fetchall()
            kept = dict(
                queryset.filter(pk__in=[pk for pk, _ in fetched])
                .order_by()
                .values_list("pk", "start_date")
            )
            rows = best_first((pk, score, kept[pk]) for pk, score in fetched if pk in kept)
            if enough(rows, wanted, limit, [score for _, score in fetched]):
                return rows
            limit *= 4
        return None

    @property
    def materialized(self) -> str:
        # SQLite before 3.35 always materialized common table expressions and rejects the hint.
        return "MATERIALIZED" if connection.Database.sqlite_version_info >= (3, 35) else ""

    def words_rank(self, groups):
        # bm25() is lower for better matches, hence the minus. It needs statistics over every
        # matching row, so a plain correlated subquery would recompute them for each result
        # (quadratic: seconds for a few thousand results); the MATERIALIZED common table
        # expression is computed once per statement and then looked up by id.
        return CorrelatedSQL(
            f"COALESCE((WITH scores AS {self.materialized} (SELECT rowid AS meeting_id, "
            f"-bm25({FTS_TABLE}, {self.BM25_WEIGHTS}) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s) "
            "SELECT score FROM scores WHERE scores.meeting_id = {pk}), 0.0)",
            [self.match_expression(groups)],
        )

    def highlight_sql(self, meeting_ids, atoms):
        # Column numbers in the FTS5 table: 1 subject, 2 context, 3 body.
        snippets = ", ".join(
            f"snippet({FTS_TABLE}, {column}, %s, %s, ' … ', 24)"
            for column in range(1, len(SNIPPET_FIELDS) + 1)
        )
        placeholders = ", ".join(["%s"] * len(meeting_ids))
        sql = (
            f"SELECT rowid, {snippets} FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})"
        )
        markers = [MARK_START, MARK_END] * len(SNIPPET_FIELDS)
        return sql, [*markers, self.match_expression([atoms]), *meeting_ids]
