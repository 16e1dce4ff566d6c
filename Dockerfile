# The archive under gunicorn. Build: docker compose build; run: docker compose up.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY archive ./archive
COPY meetings ./meetings
RUN pip install .

COPY . .
# The Japanese interface's catalogue, compiled with GNU gettext's msgfmt (docs/i18n.md).
RUN apt-get update -q && apt-get install -y -q --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && DJANGO_SECRET_KEY=build-only-not-secret python manage.py compilemessages --locale ja --verbosity 0
# collectstatic needs settings that start: a build-time key that is never used to serve.
RUN DJANGO_SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput

RUN useradd --create-home archive && chown -R archive /app
USER archive

EXPOSE 8000
# Migrate and load the bundled data (both idempotent), then serve.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_archive && exec gunicorn archive.wsgi --config gunicorn.conf.py --bind 0.0.0.0:8000"]
