"""Development tools as a Django app (label "devtools"): the `generate_synthetic` command.

Installed by archive/settings.py only in development, under the test runner, or with
DJANGO_DEVTOOLS=1; never in production (bench/ is not part of the installed package).
"""
