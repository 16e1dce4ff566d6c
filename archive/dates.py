"""A template builtin that overrides Django's `date` filter: the templates' English formats
("j F Y", "j M Y", "M Y") become Japanese ones on /ja/ pages (2024年6月26日), so no template line
has to change. Machine formats ('Y-m-d', 'c') are left alone."""

from django import template
from django.template.defaultfilters import date as django_date
from django.utils import translation

register = template.Library()

JAPANESE_FORMATS = {
    "j F Y": "Y年n月j日",
    "j M Y": "Y年n月j日",
    "F j, Y": "Y年n月j日",
    "M Y": "Y年n月",
    "F Y": "Y年n月",
    "Y": "Y年",
}


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if arg and (translation.get_language() or "").startswith("ja"):
        arg = JAPANESE_FORMATS.get(arg, arg)
    return django_date(value, arg)
