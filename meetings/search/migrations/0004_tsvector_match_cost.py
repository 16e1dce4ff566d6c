"""PostgreSQL only: tell the planner what matching a stored search vector costs.

Which meetings match a search (for its total and its facets) is one GIN bitmap scan: the index
gives the matching rows and no vector has to be read. For a word that most documents contain
("energy security": 86,000 of 100,000), the planner preferred a sequential scan that reads — and
decompresses out of TOAST — every stored vector (270–450 ms against 90–110 ms), because it costs
`tsvector @@ tsquery` (`ts_match_vq`) like an integer comparison. Costing the function as what
it is, a scan of a compressed vector, keeps the index scan whatever the share of matches.

Only a superuser may change a built-in function; another role leaves the cost as it is (and
searches for the commonest words stay slower).
"""

import logging

from django.db import migrations

logger = logging.getLogger(__name__)

FUNCTION = "pg_catalog.ts_match_vq(tsvector, tsquery)"


def is_superuser(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


def set_cost(cost: int):
    def apply(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        if not is_superuser(connection):
            logger.warning(
                "Not a superuser: run ALTER FUNCTION %s COST %s as one, so that searches for "
                "common words read the full-text index.",
                FUNCTION,
                cost,
            )
            return
        schema_editor.execute(f"ALTER FUNCTION {FUNCTION} COST {cost}", params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [("search", "0003_rum_index")]

    operations = [migrations.RunPython(set_cost(100), set_cost(1))]
