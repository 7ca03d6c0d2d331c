"""Vote rows for vetoes, shared by the meeting-table and veto-list loaders."""

from __future__ import annotations

from ..models import Decision, Vote
from ..reporting import Report
from ..speakers import SpeakerResolver


class VoteWriter:
    """Records permanent members' vetoes on a draft; one resolver (and its cache) per document."""

    def __init__(self) -> None:
        self.resolver = SpeakerResolver()

    def vetoes(self, decision: Decision, members: list[str], report: Report) -> None:
        """A negative vote with ``veto=True`` for each member ("USSR" resolves to the Russian Federation)."""
        for name in members:
            speaker = self.resolver.resolve(name)
            _, created = Vote.objects.update_or_create(
                decision=decision,
                speaker=speaker,
                defaults={"choice": Vote.Choice.AGAINST, "veto": True},
            )
            if created:
                report.add("vetoes")
