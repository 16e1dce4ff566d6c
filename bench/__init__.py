"""Benchmarks and development-only code, kept out of the running app (see bench/README.md).

`bench.synthetic` (synthetic archives for load tests), `bench.search_benchmark` (search index
timings), and `bench.devtools`, the dev-only Django app holding the `generate_synthetic` command.
"""
