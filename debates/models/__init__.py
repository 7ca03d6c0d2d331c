"""
The archive's data model.

Every row that comes from a source document can be traced back to it
(``SourceDocument``) and is keyed on a natural key taken from the document
itself (meeting number, decision symbol, a statement's position in its
source), so that ingesting the same corpus again updates rows in place and
permalinks stay valid.

One module per meaning: base, slugs, sources, speakers, council, meetings, querysets,
decisions, statements, audit, searchlog.
"""

from .audit import Discrepancy
from .base import ENGLISH, PREVIEW_WORDS, VOTE_RESULT_PHRASES, cite, human_date
from .council import MembershipTerm, MembershipTermQuerySet, Presidency
from .decisions import DECISION_REFERENCE, Decision, DecisionQuerySet, Vote
from .meetings import Item, Meeting, MeetingMember, MeetingRecord
from .querysets import SearchQuerySet
from .searchlog import SearchChange, SearchOrigin
from .slugs import KeepsOldSlugs, OldSlug
from .sources import ArchiveState, SourceDocument
from .speakers import Speaker, SpeakerAlias, Succession, SuccessionQuerySet
from .statements import (
    CorrectionReview,
    RetiredStatement,
    Statement,
    StatementHistory,
    StatementQuerySet,
    keep_a_tombstone,
)

__all__ = [
    "ArchiveState",
    "CorrectionReview",
    "DECISION_REFERENCE",
    "Decision",
    "DecisionQuerySet",
    "Discrepancy",
    "ENGLISH",
    "Item",
    "KeepsOldSlugs",
    "Meeting",
    "MeetingMember",
    "MeetingRecord",
    "MembershipTerm",
    "MembershipTermQuerySet",
    "OldSlug",
    "PREVIEW_WORDS",
    "Presidency",
    "RetiredStatement",
    "SearchChange",
    "SearchOrigin",
    "SearchQuerySet",
    "SourceDocument",
    "Speaker",
    "SpeakerAlias",
    "Statement",
    "StatementHistory",
    "StatementQuerySet",
    "Succession",
    "SuccessionQuerySet",
    "VOTE_RESULT_PHRASES",
    "Vote",
    "cite",
    "human_date",
    "keep_a_tombstone",
]
