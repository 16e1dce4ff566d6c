"""The facets' option labels in the reader's language: on /ja/ pages countries by their Japanese
names (django-countries' translations), topics, minerals and series by their Japanese names when
the record has one. The counts are facets.py's; only the labels change (one query per facet)."""

from __future__ import annotations

import dataclasses

from meetings.models.base import reader_is_japanese


def localize_facets(facets: dict) -> dict:
    if not reader_is_japanese() or not facets:
        return facets
    from meetings.models import Country, CriticalMineral, MeetingSeries, Topic
    from meetings.models.reference import japanese_country_name

    def relabel(options, names):
        return [
            dataclasses.replace(option, label=names.get(option.value) or option.label)
            for option in options
        ]

    localized = dict(facets)
    if facets.get("country"):
        codes = [option.value for option in facets["country"]]
        aliases = dict(Country.objects.filter(code__in=codes).values_list("code", "aliases"))
        names = {code: japanese_country_name(code, aliases.get(code)) for code in codes}
        localized["country"] = relabel(facets["country"], names)
    for name, model in (("topic", Topic), ("mineral", CriticalMineral), ("series", MeetingSeries)):
        options = facets.get(name)
        if not options or not any(f.name == "name_ja" for f in model._meta.get_fields()):
            continue
        slugs = [option.value for option in options]
        names = dict(
            model.objects.filter(slug__in=slugs).exclude(name_ja="").values_list("slug", "name_ja")
        )
        localized[name] = relabel(options, names)
    return localized
