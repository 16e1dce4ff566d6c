"""gunicorn settings for the archive: `gunicorn -c gunicorn.conf.py archive.wsgi`.

Every value can be changed from the environment (see docs/operations.md, "Running the server").
"""

import multiprocessing
import os

# Behind a reverse proxy on the same machine; set GUNICORN_BIND=0.0.0.0:8000 in a container.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: each answers one request at a time, so a slow request never delays another in the
# same worker, and a crashed worker loses only the request it was serving. The classic sizing rule
# (2 × cores + 1) is the default; every worker holds its own database connection.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# Import the application once in the master and fork: workers share its memory pages, start
# instantly when one is replaced, and a broken deploy fails at start rather than per worker.
preload_app = True

# A worker that has not answered within `timeout` seconds is killed and replaced.
# Long enough for a streamed export: the CSV of 100,000 meetings takes about 20 s here.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5

# Workers are not recycled after N requests by default: a new worker starts with an empty page cache
# and cold database connection, and at benchmark rates recycling every 2,000 requests put 1-2 s
# stalls into the 95th percentile. Memory stays flat (about 85 MB a worker, page cache bounded);
# set GUNICORN_MAX_REQUESTS if a leak ever shows up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# The heartbeat file on tmpfs: on a disk-backed /tmp a slow disk can make healthy workers look dead.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Trust X-Forwarded-* only from the proxy in front (comma-separated addresses).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# The application logs each request as JSON with its ID (archive/request_ids.py), so gunicorn's
# access log is off unless asked for; gunicorn's own messages go to stderr as JSON too.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# The line becomes the "message" of a JSON log record (formatter below).
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "archive.logs.JsonLogFormatter"}},
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        # A handler here would switch the access log on even when `accesslog` is unset.
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["console"] if accesslog else [],
            "propagate": False,
        },
    },
}

proc_name = "archive"
