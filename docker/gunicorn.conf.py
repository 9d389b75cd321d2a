"""gunicorn in the `web` container. Extra flags can be given in GUNICORN_CMD_ARGS."""

import os

bind = "0.0.0.0:8000"

# WEB_CONCURRENCY is gunicorn's own convention; 2-4 per CPU core is the usual range.
# Threads let one worker wait for PostgreSQL or Elasticsearch while another request runs.
# Half of them at most may wait on the search engine (SEARCH_ENGINE_SLOTS, read from the
# same variable), so a hanging engine leaves the other half to every other page.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Rendering a PDF CV or a report with WeasyPrint can take tens of seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then, so a slow leak (e.g. in a PDF library) cannot grow unbounded.
max_requests = 1000
max_requests_jitter = 100

# The worker heartbeat file on tmpfs: on an overlay filesystem it can block a worker.
worker_tmp_dir = "/dev/shm"

# Only the reverse proxy can reach this port (docker-compose.yml publishes it on
# 127.0.0.1), so trust its X-Forwarded-* headers whatever its container address is.
forwarded_allow_ips = "*"

# No runtime control socket in a container: restart the container instead.
control_socket_disable = True


def post_worker_init(worker) -> None:
    """Before a worker serves, let the search backend read what it keeps in the process
    (the database backend's columns: 1.4 s at 100,000 portfolios), so that no request
    waits for it, also after `max_requests` recycled the worker. A database not ready yet
    only leaves that to the first search."""
    from django.db import DatabaseError, connections

    from search.backends import get_backend

    try:
        get_backend().warm_up()
    except DatabaseError as error:
        worker.log.warning("search warm-up skipped: %s", error)
    finally:
        # The warm-up ran on the worker's main thread; requests run on its other threads.
        connections.close_all()


accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
