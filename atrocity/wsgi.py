"""WSGI entry point for gunicorn: `gunicorn atrocity.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrocity.settings")
application = get_wsgi_application()
