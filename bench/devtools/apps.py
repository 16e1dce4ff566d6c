from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "bench.devtools"
    label = "devtools"
    verbose_name = "Development tools"
