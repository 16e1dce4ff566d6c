#!/bin/bash
# Rebuild the bundled archive (meetings/opendata/data/archive.json) the way it was made:
#   1. the 17 records bundled before the batch (as of commit 9bbfd97), corrected by
#      docs/research/batch/first-17.py (each correction checked against the sources);
#   2. the batch: every release in docs/research/batch/records through the editors' pipeline
#      (`manage.py import_batch`: the importer reads the release text, is scored against the
#      correction, drafts are created, corrected, reviewed and published through the checks);
#   3. the Japanese names of the records the batch created (docs/research/batch/names-ja.json);
#   4. exported with `manage.py export_archive`.
# The release texts are third-party text and are not in the repository: pass the folder that
# holds them (ID.txt for each docs/research/batch/records/ID.json).
# Usage: scripts/rebuild_archive.sh TEXTS_DIR [REPORT_JSON]
set -euo pipefail
TEXTS=${1:?usage: scripts/rebuild_archive.sh TEXTS_DIR [REPORT_JSON]}
REPORT=${2:-/tmp/import-batch-report.json}
cd "$(dirname "$0")/.."
BATCH=docs/research/batch
export DJANGO_DEBUG=1 SQLITE_PATH=$(mktemp -u /tmp/archive-rebuild-XXXX.sqlite3)
trap 'rm -f "$SQLITE_PATH"' EXIT
git show 9bbfd97:meetings/opendata/data/archive.json > "$SQLITE_PATH.first17.json"
python3 $BATCH/first-17.py "$SQLITE_PATH.first17.json"
cp "$SQLITE_PATH.first17.json" meetings/opendata/data/archive.json
rm -f "$SQLITE_PATH.first17.json"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_archive
.venv/bin/python manage.py import_batch $BATCH/records "$TEXTS" --tenures $BATCH/tenures.json \
    --names $BATCH/names-ja.json --report "$REPORT"
.venv/bin/python manage.py export_archive meetings/opendata/data/archive.json
