#!/bin/sh
# Bring the schema up to date, then run the container's command (gunicorn by default).
set -e
python manage.py migrate --no-input
exec "$@"
