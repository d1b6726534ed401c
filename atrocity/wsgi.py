"""WSGI entry point for gunicorn: `gunicorn atrocity.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atrocity.settings")
application = get_wsgi_application()

# Garbage collection tuned for a server, measured on the case page (bench/README.md): Django's modules, URL
# patterns and templates are loaded by now and live as long as the process, so they leave the collector's view
# (`freeze`); and a page of a thousand events allocates some million objects, which the default threshold of 700
# allocations turned into hundreds of collections per request, each walking the younger generations.
gc.freeze()
gc.set_threshold(50_000, 20, 20)
