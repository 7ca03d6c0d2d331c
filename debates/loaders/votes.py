"""Vote rows for vetoes, shared by the meeting-table and veto-list loaders."""

from __future__ import annotations

from ..models import Decision, SourceDocument, Vote
from ..reporting import Report
from ..speakers import SpeakerResolver


class VoteWriter:
    """Records permanent members' vetoes on a draft; one resolver (and its cache) per document."""

    def __init__(self, document: SourceDocument) -> None:
        self.document = document
        self.resolver = SpeakerResolver()

    def vetoes(self, decision: Decision, members: list[str], report: Report) -> None:
        """A negative vote with ``veto=True`` for each member, noting which kind of document says so.

        Names resolve on the draft's date: "USSR" is the USSR, a speaker of its
        own, not the Russian Federation.
        """
        for name in members:
            speaker = self.resolver.resolve(name, on=decision.date)
            vote, created = Vote.objects.get_or_create(
                decision=decision,
                speaker=speaker,
                defaults={"choice": Vote.Choice.AGAINST, "veto": True, "sources": [self.document.kind]},
            )
            if created:
                report.add("vetoes")
                continue
            sources = sorted({*vote.sources, self.document.kind})
            if (vote.choice, vote.veto, vote.sources) != (Vote.Choice.AGAINST, True, sources):
                vote.choice, vote.veto, vote.sources = Vote.Choice.AGAINST, True, sources
                vote.save(update_fields=["choice", "veto", "sources"])
