"""The importer's word lists, kept as data files in `meetings/importer/data/` and read once.

`*.txt`: one entry per line, `#` starts a comment line, order kept (some lists are tried in order).
`*.json`: `{"_comment": "...", "data": ...}`.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def word_list(name: str) -> tuple[str, ...]:
    """The entries of `data/NAME.txt`, in file order."""
    lines = (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def _table(name: str):
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))["data"]


def table(name: str):
    """The `data` of `data/NAME.json` (a fresh copy: callers may change it)."""
    return json.loads(json.dumps(_table(name)))
