# syntax=docker/dockerfile:1
# One image for both the `web` (gunicorn) and the `worker` (db_worker) service.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production

# WeasyPrint (PDF CVs and reports) renders text through Pango and HarfBuzz
# (harfbuzz-subset embeds only the glyphs a PDF uses); DejaVu covers Dutch and the
# accented letters in many newcomers' names. gettext provides msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

# A non-root user; its home is writable for fontconfig's cache.
RUN groupadd --system --gid 10001 talentbrug \
    && useradd --system --uid 10001 --gid talentbrug --create-home \
        --home-dir /home/talentbrug --shell /usr/sbin/nologin talentbrug

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir -r requirements/base.txt

COPY . .

# Code stays owned by root (read-only for the app); the app may write only to
# var/ (collected static files), the locale directories (compiled messages) and
# the upload directories that docker-compose.yml mounts volumes on. A named
# volume takes the owner of the directory it is mounted on at first use.
# The settings need a SECRET_KEY and ALLOWED_HOSTS to load; these two are for the
# build only and never reach a running container.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py compilemessages --verbosity 0 \
    && mkdir -p var /data/media /data/private \
    && chown talentbrug:talentbrug var /data/media /data/private \
    && find . -type d -name locale -exec chown -R talentbrug:talentbrug {} + \
    && chmod 0755 docker/entrypoint.sh

USER talentbrug
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "--config", "docker/gunicorn.conf.py", "portal.wsgi:application"]
