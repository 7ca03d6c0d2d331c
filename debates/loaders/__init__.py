"""
The document kinds the archive ingests, tried in this order for detection.

Each module defines ``KIND``, ``detect(name, data)``, ``parse(name, data)``,
``summarize(parsed)`` and ``load(parsed, document, report)``; see
``debates.ingest``.
"""

LOADERS: list = []
