"""
The document kinds the archive ingests, tried in this order for detection.

Each module defines ``KIND``, ``detect(name, data)``, ``parse(name, data)``,
``summarize(parsed)`` and ``load(parsed, document, report)``; see
``debates.ingest``.
"""

from . import repertoire, verbatim

# The Repertoire claims only PDFs named as such; the verbatim loader looks at
# other PDFs' first page.
LOADERS: list = [repertoire, verbatim]
