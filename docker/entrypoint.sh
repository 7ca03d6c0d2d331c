#!/bin/sh
# Bring the schema up to date (unless a separate one-shot service does), then run the
# container's command (gunicorn by default, configured by gunicorn.conf.py).
set -e
if [ "${MIGRATE_ON_START:-1}" != "0" ]; then
  python manage.py migrate --no-input
fi
exec "$@"
