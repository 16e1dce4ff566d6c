"""/about/: what the archive covers, how a record is made and checked, how to report an error, and
the coverage figures, counted live from the public records (meetings/coverage.py)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from meetings.coverage import coverage
from meetings.models.base import reader_is_japanese


def contact_email() -> str:
    return getattr(settings, "ARCHIVE_CONTACT_EMAIL", "") or "editors@example.org"


@require_safe
def about(request):
    return render(
        request,
        # The page is prose: its Japanese version is a template of its own, as the reuse page's
        # is; both include the same figures (meetings/includes/coverage_figures.html).
        "meetings/about_ja.html" if reader_is_japanese() else "meetings/about.html",
        {"coverage": coverage(), "contact_email": contact_email()},
    )
