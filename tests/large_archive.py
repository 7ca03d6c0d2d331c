"""
A large archive made in code, to look at the pages as they are with thousands of statements.

    .venv/bin/python tests/large_archive.py [--meetings 400] [--per-meeting 60]

fills the database ``DATABASE_URL`` names (default: the development SQLite
file) with a year of meetings: long debates with resumptions, votes and
explanations of vote, shared Repertoire passages, speeches in several
languages. The browser tests build a small one with ``build()``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
from pathlib import Path

# The vocabulary of the generated speeches, short enough to keep on a few lines.
WORDS = ["the", "council", "security", "peace", "international", "regional", "organizations", "sanctions"]
WORDS += ["cooperation", "charter", "humanitarian", "ceasefire", "mandate", "mission", "civilians"]
WORDS += ["protection", "dialogue", "settlement", "resolution", "delegation", "welcome", "support"]
WORDS += ["concern", "situation", "region", "stability", "women", "children", "law"]
# Beyond any real meeting number, so that the shipped corpus can be loaded beside it.
FIRST_NUMBER = 20_000
LANGUAGES = ["", "", "", "", "French", "Spanish", "Arabic", "Russian", "Chinese"]


def _speech(rng: random.Random, words: int) -> str:
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 24)))
        sentences.append(sentence.capitalize() + ".")
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "\n\n".join(paragraphs)


def build(meetings: int = 40, per_meeting: int = 30, year: int = 2021, seed: int = 1) -> dict:
    """A year of meetings (numbered from FIRST_NUMBER) with statements, votes and shared passages."""
    from debates.models import Decision, Meeting, Statement, Vote
    from tests import factories as f

    rng = random.Random(seed)
    states = [f.speaker(f"Member State {n:03d}", iso3=f"Q{n:02d}") for n in range(60)]
    offices = [f.speaker(f"Regional Organization {n}") for n in range(3)]
    items = [f.item(f"Situation number {n}") for n in range(12)]
    verbatim = f.source_document(f"large-{year}-verbatim.pdf", kind="verbatim")
    repertoire = f.source_document(f"large-{year}-repertoire.txt")
    start = datetime.date(year, 1, 2)
    made = {"meetings": 0, "statements": 0}
    for n in range(meetings):
        day = start + datetime.timedelta(days=n * 360 // meetings)
        meeting = f.meeting(
            FIRST_NUMBER + n, day, resumptions=1 if per_meeting > 40 else 0, title=f"Debate {n}"
        )
        president = states[n % 15]
        meeting.president, meeting.president_person = president, f"Mr. President {n % 15}"
        meeting.save()
        statements = []
        for position in range(1, per_meeting + 1):
            speaker = president if position % 10 == 1 else rng.choice(states[:40] + offices)
            record = (
                meeting.record
                if position <= per_meeting // 2 or not meeting.resumptions
                else (f"{meeting.record} (Resumption 1)")
            )
            statements.append(
                Statement(
                    meeting=meeting,
                    item=items[n % 12],
                    speaker=speaker,
                    label=speaker.name,
                    person=f"Ms. Speaker {position}",
                    capacity="president" if speaker == president and position % 10 == 1 else "national",
                    language=rng.choice(LANGUAGES),
                    text=(
                        "The draft resolution has been adopted."
                        if position == per_meeting // 3
                        else _speech(rng, rng.randint(30, 600))
                    ),
                    record=record,
                    pages=str(2 + position // 3),
                    page_start=2 + position // 3,
                    page_end=2 + position // 3,
                    position=position,
                    source="verbatim",
                    source_document=verbatim,
                    source_key=f"{meeting.slug}#{position}",
                )  # fmt: skip
            )
        Statement.objects.bulk_create(statements)
        if n % 4 == 0:  # a decision with a vote of the members
            res = Decision.objects.create(
                symbol=f"S/RES/{3000 + n} ({year})", slug=f"s-res-{3000 + n}-{year}", kind="resolution",
                number=3000 + n, year=year, meeting=meeting, date=day, adopted=True, votes_for=15,
                votes_against=0, abstentions=0,
            )  # fmt: skip
            Vote.objects.bulk_create(Vote(decision=res, speaker=s, choice="yes") for s in states[:15])
        if n % 5 == 0:  # a Repertoire paragraph cited for several speakers
            text = "The representative of a State, echoed by others, " + _speech(rng, 60)
            Statement.objects.bulk_create(
                Statement(
                    meeting=meeting,
                    speaker=speaker,
                    label=speaker.name,
                    text=text,
                    record=meeting.record,
                    pages=str(10 + i),
                    page_start=10 + i,
                    page_end=10 + i,
                    position=per_meeting + 1 + i,
                    source="repertoire",
                    source_document=repertoire,
                    source_key=f"{meeting.slug}/fn{i}",
                    group_key=f"large/{meeting.slug}",
                    footnote=7,
                )  # fmt: skip
                for i, speaker in enumerate(rng.sample(states[:40], 5))
            )
        made["meetings"] += 1
        made["statements"] += per_meeting
    assert Meeting.objects.filter(date__year=year).count() >= meetings
    return made


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    parser.add_argument("--meetings", type=int, default=400)
    parser.add_argument("--per-meeting", type=int, default=60)
    parser.add_argument("--year", type=int, default=2021)
    args = parser.parse_args()
    from django.db import transaction

    with transaction.atomic():
        print(build(args.meetings, args.per_meeting, args.year))
