"""
The document kinds the archive ingests, tried in this order for detection.

Each module defines ``KIND``, ``MAX_BYTES``, ``detect(name, head)``,
``parse(name, data)``, ``identify(parsed)`` and ``load(parsed, document,
report)``; see ``debates.ingest``.
"""

from . import (
    meeting_tables,
    membership,
    presidential_statements,
    repertoire,
    resolutions,
    verbatim,
    veto_list,
)

# The Repertoire claims only PDFs named as such; the verbatim loader looks at
# other PDFs' first page. The Council's record (HTML tables, text files) is
# told apart by content: a meetings table, the veto list, a resolution text
# (never an HTML page), a presidential statement, the list of membership terms.
LOADERS: list = [
    repertoire,
    verbatim,
    meeting_tables,
    veto_list,
    resolutions,
    presidential_statements,
    membership,
]
