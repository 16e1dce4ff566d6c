"""Reference data the archive ships with: countries, critical minerals and the topic taxonomy.

`load_reference_data()` is idempotent: it inserts what is missing and refreshes what the data files
define, leaving editors' additions (aliases they added, extra topics) in place.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify
from django_countries.data import COUNTRIES

from meetings.models import Country, CriticalMineral, Topic

DATA_DIR = Path(__file__).resolve().parent / "data"
MINERALS_CSV = DATA_DIR / "critical_minerals.csv"
COUNTRIES_EXTRA = DATA_DIR / "countries_extra.json"
TOPICS_JSON = DATA_DIR / "topics.json"

EU_STATUS = {"strategic": "strategic", "critical": "critical", "no": "no"}


def merge_unique(existing: list, new: list) -> list:
    seen = {str(item).casefold() for item in existing}
    merged = list(existing)
    for item in new:
        if str(item).casefold() not in seen:
            seen.add(str(item).casefold())
            merged.append(item)
    return merged


def country_rows() -> dict[str, dict]:
    rows = {code: {"name": str(name)} for code, name in COUNTRIES.items()}
    extra = json.loads(COUNTRIES_EXTRA.read_text(encoding="utf-8"))
    for code, fields in extra.items():
        rows.setdefault(code, {}).update(fields)
    return rows


def load_countries() -> int:
    existing = Country.objects.in_bulk()
    to_create, to_update = [], []
    for code, fields in country_rows().items():
        country = existing.get(code)
        if country is None:
            to_create.append(Country(code=code, **fields))
            continue
        for key, value in fields.items():
            setattr(
                country, key, merge_unique(country.aliases, value) if key == "aliases" else value
            )
        to_update.append(country)
    Country.objects.bulk_create(to_create)
    if to_update:
        Country.objects.bulk_update(
            to_update, ["name", "short_name", "demonym", "capital", "aliases"]
        )
    return len(to_create) + len(to_update)


def mineral_rows() -> list[dict]:
    with MINERALS_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "name": row["name"],
                "name_ja": row.get("name_ja", ""),
                "slug": slugify(row["name"]),
                "symbol": row["symbol"],
                "group": row["group"],
                "usgs_2022": row["usgs_2022"] == "yes",
                "usgs_2025": row["usgs_2025"] == "yes",
                "eu_crma_2023": EU_STATUS[row["eu_crm_2023"]],
                "japan": row["japan"] if row["japan"] in {"yes", "no", "unknown"} else "unknown",
                "note": row["note"],
            }
            for row in csv.DictReader(handle)
        ]


MINERAL_ALIASES_JSON = DATA_DIR / "mineral_aliases.json"


def load_minerals() -> int:
    aliases = (
        json.loads(MINERAL_ALIASES_JSON.read_text(encoding="utf-8"))
        if MINERAL_ALIASES_JSON.exists()
        else {}
    )
    count = 0
    for row in mineral_rows():
        mineral, _ = CriticalMineral.objects.update_or_create(slug=row["slug"], defaults=row)
        extra = aliases.get(row["slug"], [])
        if extra and merge_unique(mineral.aliases, extra) != mineral.aliases:
            mineral.aliases = merge_unique(mineral.aliases, extra)
            mineral.save(update_fields=["aliases"])
        count += 1
    return count


def load_topics() -> int:
    if not TOPICS_JSON.exists():
        return 0
    topics = json.loads(TOPICS_JSON.read_text(encoding="utf-8"))
    # Parents first, so children can point at them.
    by_slug = {}
    for entry in sorted(topics, key=lambda t: bool(t.get("parent"))):
        defaults = {
            "name": entry["name"],
            "name_ja": entry.get("name_ja", ""),
            "definition": entry.get("definition", ""),
            "definition_ja": entry.get("definition_ja", ""),
            "keywords": entry.get("keywords", []),
            "parent": by_slug.get(entry.get("parent")) if entry.get("parent") else None,
        }
        topic, _ = Topic.objects.update_or_create(slug=entry["slug"], defaults=defaults)
        by_slug[topic.slug] = topic
    return len(by_slug)


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    return {
        "countries": load_countries(),
        "minerals": load_minerals(),
        "topics": load_topics(),
    }
