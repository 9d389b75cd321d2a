#!/bin/sh
# Entrypoint of the Talentbrug image, for both the `web` and the `worker` service.
#
# When the container starts the web server (gunicorn), it first brings the
# database and the files up to date; the worker is started after the web service
# reports healthy (see docker-compose.yml), so it never runs against an old schema.
# Any other command (`manage.py shell`, `manage.py rebuild_index`, ...) runs as given.
set -eu

if [ "${1:-}" = "gunicorn" ]; then
    python manage.py migrate --noinput
    # The shared cache table when CACHE_URL is dbcache:// (the production default);
    # does nothing for other cache backends and when the table exists.
    python manage.py createcachetable
    # .mo files are not in git. The image compiles them at build time, so this is a
    # no-op unless the locale files changed; it keeps a bind-mounted tree working.
    python manage.py compilemessages --verbosity 0
    python manage.py collectstatic --noinput --verbosity 0
fi

exec "$@"
