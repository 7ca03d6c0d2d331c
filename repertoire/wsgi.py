"""WSGI entry point, served by gunicorn: ``gunicorn repertoire.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")

application = get_wsgi_application()
