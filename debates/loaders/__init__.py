"""
The document kinds the archive ingests, tried in this order for detection.

Each module defines ``KIND``, ``detect(name, data)``, ``parse(name, data)``,
``summarize(parsed)`` and ``load(parsed, document, report)``; see
``debates.ingest``.
"""

from . import meeting_tables, presidential_statements, resolutions, veto_list

LOADERS: list = [meeting_tables, veto_list, resolutions, presidential_statements]
