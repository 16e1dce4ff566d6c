"""Exit 0 when the PostgreSQL server at the given URL (or DATABASE_URL) accepts connections."""

import os
import sys

import psycopg


def main() -> int:
    url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("DATABASE_URL", "")
    # Connect to the maintenance database: the target database may not exist yet.
    conninfo = psycopg.conninfo.conninfo_to_dict(url.replace("postgres://", "postgresql://", 1))
    conninfo["dbname"] = "postgres"
    try:
        psycopg.connect(**conninfo, connect_timeout=3).close()
    except psycopg.Error:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
