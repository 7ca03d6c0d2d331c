"""
What the words of a record say beyond who speaks: invitations, the President's
change of capacity, statements made on behalf of others, stage directions and
page furniture. Each is a family of phrasings collected from the Council's
records of every period; they are matched on text, never on typeface.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .headings import HONORIFIC, TITLES
from .records import Invitation

__all__ = [
    "NATIONAL",
    "RESUME",
    "STAGE",
    "find_invitations",
    "furniture",
    "group_name",
    "on_behalf_of",
    "split_capacity",
    "surname_key",
]

# --- The President's capacity -----------------------------------------------------------

# "I shall now make a statement in my capacity as the representative of Viet Nam",
# "I will now make a statement in my national capacity", "In my national capacity,
# I would like to…", "I shall now speak as the representative of France",
# "Speaking in my national capacity, …".
NATIONAL = re.compile(
    r"(?:I|We)\s+(?:shall|will|should\s+like\s+to|would\s+like\s+to|wish\s+to|now\s+wish\s+to|am\s+going\s+to)?"
    r"\s*(?:now\s+)?(?:make|deliver|read|give|say|offer|speak|add)\b[^.]{0,60}?"
    r"\b(?:in\s+my\s+national\s+capacity|in\s+my\s+capacity\s+as\s+(?!(?:the\s+)?(?:Chair|Coordinator|Facilitator|President\s+of\s+the\s+(?:Security\s+)?Council))"
    r"|as\s+(?:the\s+)?representative\s+of|on\s+behalf\s+of\s+my\s+(?:country|Government))"
    r"|(?:Speaking\s+)?[Ii]n\s+my\s+national\s+capacity"
    r"|In\s+my\s+capacity\s+as\s+(?:the\s+)?representative\s+of",
)
# "I now resume my functions as President", "I shall now resume my functions as
# President of the Council", "I will now return to my functions as President",
# "I now revert to my role as President", "Resuming my functions as President, …".
RESUME = re.compile(
    r"(?:I|We)\s+(?:shall\s+|will\s+|should\s+like\s+to\s+|would\s+like\s+to\s+)?(?:now\s+)?"
    r"(?:resume|return\s+to|revert\s+to|go\s+back\s+to|take\s+up\s+again)\s+my\s+"
    r"(?:functions?|duties|role|capacity|responsibilities)\s+as\s+(?:the\s+)?(?:President|Chair)"
    r"|(?:Resuming|Returning\s+to|Reverting\s+to)\s+my\s+(?:functions?|duties|role)\s+as\s+(?:the\s+)?(?:President|Chair)",
)
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?”’\"] ))")


def split_capacity(paragraph: str) -> list[tuple[str | None, str]]:
    """Cut a paragraph of the President's where a sentence changes capacity.

    Returns (change, text) pieces: change is "national" where a piece opens
    with "I shall now make a statement in my national capacity…", "president"
    where it opens with "I now resume my functions as President…", else None.
    """
    cuts: list[tuple[int, str]] = []
    for start in _SENTENCE_START.finditer(paragraph):
        at = start.start()
        if NATIONAL.match(paragraph, at):
            cuts.append((at, "national"))
        elif RESUME.match(paragraph, at):
            cuts.append((at, "president"))
    if not cuts:
        return [(None, paragraph)]
    pieces: list[tuple[str | None, str]] = []
    if cuts[0][0] > 0:
        pieces.append((None, paragraph[: cuts[0][0]].strip()))
    for (at, change), following in zip(cuts, [*cuts[1:], (len(paragraph), "")], strict=True):
        pieces.append((change, paragraph[at : following[0]].strip()))
    return [(change, text) for change, text in pieces if text]


# --- Invitations ------------------------------------------------------------------------

_MEETING = (
    r"(?:this|the|today[’']s|our)\s+"
    r"(?:meeting|briefing|debate|open\s+debate|videoconference|video-teleconference)"
)
# "I invite the following briefers to participate in this meeting: …",
# "I invite the following to participate in the meeting: …",
# "In accordance with rule 39 …, I also invite the following: …".
INVITE_LIST = re.compile(
    r"\bI\s+(?:also\s+|now\s+|shall\s+now\s+|should\s+like\s+to\s+|wish\s+to\s+)?invite\s+the\s+following"
    r"(?:\s+(?:briefers?|speakers?|persons?|individuals?|participants?))?"
    rf"(?:\s+to\s+participate\s+in\s+{_MEETING})?(?:\s+under\s+rule\s+39[^:]*?)?\s*:\s*(?P<who>.+)",
)
# "I invite Mr. Martin Griffiths, Special Envoy …, to participate in this meeting",
# "the Council agrees to extend an invitation under rule 39 … to Mr. X, Role."
INVITE_ONE = re.compile(
    r"\bI\s+(?:also\s+|now\s+)?invite\s+(?P<who>(?!the\s+following)(?!the\s+representatives?\b).+?),?\s+"
    rf"to\s+(?:participate\s+in\s+{_MEETING}|brief\s+the\s+(?:Security\s+)?Council|address\s+the\s+(?:Security\s+)?Council)"
)
# "…agrees to extend an invitation under rule 39 of its provisional rules of procedure to Mr. X, Role."
EXTEND = re.compile(r"\bextend\s+an\s+invitation(?:\s+under\s+rule\s+39[^,]*?procedure)?\s+to\s+(?P<who>.+)")
# "I welcome Mr. X, Role, who is joining us via video-teleconference from Bamako."
WELCOME = re.compile(
    r"\bI\s+(?:warmly\s+)?welcome\s+(?P<who>.{5,200}?),\s+who\s+is\s+(?:joining|participating|with\s+us)"
)
_PERSON = re.compile(
    rf"^(?:{HONORIFIC}\s+)?(?P<person>(?:(?:{TITLES})\.?\s+)?[A-Z][^,;]{{0,60}}?),\s+(?P<role>[^;]+)$"
)


def find_invitations(texts: Iterable[str]) -> list[Invitation]:
    """The people the President invited under rule 39, from the President's words.

    "I invite Mr. Martin Griffiths, Special Envoy of the Secretary-General for
    Yemen, to participate in this meeting"; "I invite the following briefers
    to participate in this meeting: Mr. Martin Griffiths, …; and Mr. Mark
    Lowcock, …"; "I also invite the following to participate in the meeting:
    His Excellency Mr. Olof Skoog, Head of Delegation of the European Union
    to the United Nations, and Mr. Robert Mardini, Permanent Observer of …";
    "… to extend an invitation under rule 39 … to Mr. Olara Otunnu, Special
    Representative …". Representatives of States (rule 37) are named by
    their country in their headings and need no invitation.
    """
    found: list[Invitation] = []
    for text in texts:
        flat = " ".join(text.split())
        for match in INVITE_LIST.finditer(flat):
            _add_people(_first_sentence(match["who"]), found, titled=False)
        for match in INVITE_ONE.finditer(flat):
            _add_people(match["who"], found, titled=True)
        for match in EXTEND.finditer(flat):
            _add_people(_first_sentence(match["who"]), found, titled=True)
        for match in WELCOME.finditer(flat):
            _add_people(match["who"], found, titled=True)
    return found


def _add_people(who: str, found: list[Invitation], *, titled: bool) -> None:
    parts = re.split(
        rf"[;,]?\s+and\s+(?=(?:{HONORIFIC}\s+)?(?:(?:{TITLES})\.?\s)|[A-Z][a-z]+,)|;\s*(?:and\s+)?", who
    )
    for part in parts:
        person = _PERSON.match(part.strip().rstrip(".,"))
        if person is None:
            continue
        name = " ".join(person["person"].split())
        if titled and not re.match(rf"^(?:{TITLES})\.?\s", name):
            continue
        if len(name.split()) > 7 or any(i.person == name for i in found):
            continue
        role = " ".join(person["role"].split()).strip().rstrip(",.")
        found.append(Invitation(name, role))


def _first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence, not a title ("Mr. ") or an initial."""
    for stop in re.finditer(r"\.(?: |$)", text):
        word = text[: stop.start()].rsplit(" ", 1)[-1]
        if not re.fullmatch(TITLES, word) and not re.fullmatch(r"[A-Z]|a\.i|No|H\.E|St", word):
            return text[: stop.start()]
    return text


def surname_key(name: str) -> str:
    """A name without its title, folded, for matching "Mr. Griffiths" to "Mr. Martin Griffiths"."""
    import unicodedata

    name = re.sub(rf"^(?:{HONORIFIC}\s+)?(?:(?:{TITLES})\.?\s+)?", "", name.strip())
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    return " " + " ".join(name.casefold().replace("’", "'").split())


# --- On behalf of -----------------------------------------------------------------------

# The speaker's own words that they speak for others: "I have the honour to
# speak on behalf of the Nordic countries", "I deliver this statement on
# behalf of the three African members of the Council", "… in my capacity as
# representative of South Africa and on behalf of the African members …".
BEHALF = re.compile(
    r"\b(?:I|We)\b[^.;:]{0,140}?\b(?:speak(?:ing)?|deliver(?:ing)?|mak(?:e|ing)|read(?:ing)?|present(?:ing)?"
    r"|submit(?:ting)?|tak(?:e|ing)\s+the\s+floor|statement|remarks)\b[^.;:]{0,120}?"
    r"\bon\s+behalf\s+of\s+(?P<who>[^.;]+)"
    r"|^On\s+behalf\s+of\s+(?P<lead>[^,.;]+(?:,\s+namely,?[^.;]+?)?),\s+(?:I|we)\b",
)
# Whom a speaker speaks for that is not a group: their own State or office.
_OWN = re.compile(
    r"^(?:my|our|his|her|the\s+(?:Government|Governments|people|peoples|President|Prime\s+Minister|Minister|"
    r"Secretary-General|Security\s+Council|Council|presidency|Presidency|Chair|Court|Prosecutor|Office|"
    r"Department|United\s+Nations|Republic|Kingdom|State|Emir|King|Special|Organization|victims|"
    r"members\s+of\s+the\s+(?:Security\s+)?Council|entire|whole|wider)\b|(?:all|everyone|those|them|us)\b)",
)
# What makes a phrase a group rather than a person.
_GROUPISH = re.compile(
    r"\b(?:countries|members|States|nations|Group|Movement|Union|Organi[sz]ation|League|Community|Association"
    r"|Alliance|Forum|Commonwealth|Caucus|Friends|penholders|co-penholders|sponsors|signatories|A3(?:\+1)?|G-?\d+"
    r"|Benelux|Nordic|Baltic|Quartet|Troika|Bloc|Coalition|Core\s+Group|Partnership)\b"
)
# Canonical names of the groups that recur, so that one group is one speaker.
GROUPS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"^(?:the\s+)?(?:three\s+)?African\s+(?:members|States\s+members|States|countries|Member\s+States)"
            r"(?:\s+(?:that\s+are\s+|which\s+are\s+)?members)?(?:\s+of\s+the\s+(?:Security\s+)?Council)?"
            r"(?:\s*\((?:A3|A3\+1|A\.3)\))?(?:\s*(?:plus\s+one|\+\s*1))?$",
            re.IGNORECASE,
        ),
        "Three African members of the Security Council (A3)",
    ),
    (re.compile(r"^(?:the\s+)?A3(?:\s*\+\s*1)?$"), "Three African members of the Security Council (A3)"),
    (re.compile(r"^(?:the\s+)?Nordic\s+countries$", re.IGNORECASE), "Nordic countries"),
    (re.compile(r"^(?:the\s+)?Baltic\s+States$", re.IGNORECASE), "Baltic States"),
    (re.compile(r"^(?:the\s+)?Benelux(?:\s+countries)?$", re.IGNORECASE), "Benelux countries"),
    (re.compile(r"^(?:the\s+)?Arab\s+Group$", re.IGNORECASE), "Arab Group"),
    (re.compile(r"^(?:the\s+)?(?:Group\s+of\s+)?African\s+(?:Group|States)$", re.I), "African Group"),
    (re.compile(r"^(?:the\s+)?European\s+Union(?:\s*\(EU\))?(?:\s+and\s+its\s+(?:28\s+|27\s+)?member\s+States)?$"),
     "European Union"),
    (re.compile(r"^(?:the\s+)?(?:Movement\s+of\s+Non-Aligned\s+Countries|Non-Aligned\s+Movement)(?:\s*\(NAM\))?$"),
     "Movement of Non-Aligned Countries"),
]  # fmt: skip
# Heads that say only that the States which follow speak together.
_BARE_HEADS = re.compile(
    r"^(?:the\s+)?(?:co-penholders|penholders|co-sponsors|sponsors|following\s+(?:States|countries|members)"
    r"|signatories|States|countries)$",
    re.IGNORECASE,
)


def on_behalf_of(text: str, find_states: Callable[[str], list[str]] | None = None) -> list[str]:
    """Whom a speech says it is delivered for, when that is a group, an
    organization or several States: the group's name, then the States it
    lists ("the three African members of the Security Council — the Niger,
    South Africa and Tunisia — as well as Saint Vincent and the Grenadines").

    Only the opening of the speech is read (its first two paragraphs), where
    speakers say for whom they speak; a later "on behalf of" is something
    else ("the statement delivered on behalf of the European Union").
    ``find_states`` gives the States named in a text (the gazetteer's
    search), to split lists where names contain "and" ("Trinidad and Tobago").
    """
    opening = " ".join("\n\n".join(text.split("\n\n")[:2]).split())[:900]
    for match in BEHALF.finditer(opening):
        who = (match["who"] or match["lead"] or "").strip()
        if re.search(
            r"\baligns?\b|\bassociates?\b|\bdelivered\s+on\s+behalf",
            opening[max(0, match.start() - 80) : match.start() + 80],
        ):
            continue
        names = _behalf_names(who, find_states)
        if names:
            return names
    return []


def _behalf_names(who: str, find_states: Callable[[str], list[str]] | None) -> list[str]:
    # Up to where the sentence turns to something else.
    who = re.split(
        r",\s+(?:and\s+)?(?:I|we|my|our|in|at|on|to|for|which|who|whose|while|with|allow|let)\b"
        r"|\s+(?:and\s+)?(?:I|we)\s+|\s+in\s+(?:my|our|its|their)\b"
        r"|\s+to\s+(?:express|thank|welcome|commend|congratulate)\b",
        who,
        maxsplit=1,
    )[0]
    who = who.strip(" ,—–-")
    if not who or _OWN.match(who):
        return []
    # "X — A, B and C — as well as D", "X, namely, A, B and C", "X (A, B and C)", "X: A, B and C".
    head, members = who, ""
    split = re.search(r"\s+[—–-]\s+|,\s+namely,?\s+|:\s+|\s+\((?=[^)]*,)|,\s+(?=the\s+[A-Z])", who)
    if split:
        head, members = who[: split.start()], who[split.end() :]
    if members:
        # After the list's closing dash the sentence goes on: only "as well as D" adds to it.
        pieces = re.split(r"\s+[—–]\s+|\)", members)
        members = pieces[0]
        for piece in pieces[1:]:
            more = re.match(r"^\s*(?:,\s*)?(?:as\s+well\s+as|and)\s+(.+)$", piece)
            if more is None:
                break
            members += ", " + more[1]
        members = re.sub(r"\s+as\s+well\s+as\s+", ", ", members)
    head = head.strip(" ,")
    # "the 10 States members of the Association of Southeast Asian Nations (ASEAN)" → the organization.
    head = re.sub(
        r"^(?:the\s+)?(?:\d+|[a-z]+)?\s*(?:States\s+)?members\s+of\s+(?=the\s+[A-Z]|[A-Z])", "", head
    )
    head = re.sub(r"\s*\([A-Z0-9+&.\s]{2,12}\)$", "", head)
    listed = _states_in(members, find_states) if members else []
    group = group_name(head)
    named = _states_in(head, find_states) if find_states is not None else []
    rest = head
    for name in named:
        rest = rest.replace(name, " ")
    rest = re.sub(r"\b(?:the|and|of)\b|[,;]", " ", rest).strip()
    names: list[str] = []
    if group:
        names.append(group)
    elif len(named) >= 2 and (not rest or _BARE_HEADS.match(re.sub(r"^\w+\s+(?=co-|pen|spon)", "", rest))):
        names.extend(named)  # "Canada, Germany, Sweden and Ukraine"; "Germany and Belgium, the co-penholders"
    elif _GROUPISH.search(head) and not _BARE_HEADS.match(head):
        names.append(_clean_group(head))
    elif _BARE_HEADS.match(head):
        pass  # "the co-penholders, namely, Belgium and Germany": the States say who
    elif find_states is None and len(_states_in(head, None)) >= 2:
        names.extend(_states_in(head, None))
    names.extend(name for name in listed if name not in names)
    if len(names) == 1 and not group and not _GROUPISH.search(head):
        return []
    return names


def group_name(phrase: str) -> str:
    """The canonical name of a group that recurs ("the Nordic countries" → "Nordic countries"), or ""."""
    phrase = " ".join(phrase.split())
    for pattern, name in GROUPS:
        if pattern.match(phrase):
            return name
    return ""


def _clean_group(phrase: str) -> str:
    phrase = re.sub(r"^the\s+", "", phrase.strip())
    return phrase[:1].upper() + phrase[1:]


def _states_in(text: str, find_states: Callable[[str], list[str]] | None) -> list[str]:
    """The States named in a list ("the Niger, South Africa and Tunisia"), as printed."""
    if find_states is not None:
        found = find_states(text)
    else:
        found = []
        for part in re.split(r",\s*|\s+and\s+", text):
            part = re.sub(r"^the\s+", "", part.strip())
            if part and part[0].isupper() and len(part.split()) <= 5:
                found.append(part)
    return list(dict.fromkeys(" ".join(name.split()) for name in found))


# --- Stage directions and page furniture -----------------------------------------------

# Known stage directions, in any typeface: the italics of today's records are
# plain text in the typescripts and the scans.
STAGE = re.compile(
    r"^(?:"
    r"The\s+meeting\s+(?:was\s+called\s+to\s+order|rose|was\s+suspended|was\s+resumed|resumed|was\s+adjourned"
    r"|was\s+closed|ended|opened)"
    r"|The\s+(?:provisional\s+)?agenda\s+was\s+adopted"
    r"|(?:A|The)\s+(?:recorded\s+|separate\s+)?vote\s+was\s+taken"
    r"|(?:The\s+)?(?:Security\s+)?Council\s+(?:then\s+)?(?:proceeded\s+to|voted|observed|stood)"
    r"|The\s+members\s+of\s+the\s+(?:Security\s+)?Council\s+(?:observed|stood|rose)"
    r"|All\s+present\s+(?:rose|stood|observed)"
    r"|At\s+the\s+invitation\s+of\s+the\s+(?:President|Chair)"
    r"|(?:On|At)\s+the\s+President[’']s\s+invitation"
    # "Mr. Heusgen (Germany), Vice-President, took the Chair.": names hold full stops.
    r"|.{0,160}?\btook\s+(?:a|the|his|her|their)\s+(?:place|places|seat|seats)\s+(?:at|reserved|on)\b"
    r"|.{0,160}?\b(?:took|resumed|returned\s+to|left|vacated)\s+the\s+[Cc]hair\b"
    r"|.{0,80}?\bwas\s+escorted\s+(?:to|from|into|out)\b"
    r"|Voting\s+was\s+by"
    r"|The\s+draft\s+resolution\s+was\s+(?:adopted|not\s+adopted|put\s+to\s+the\s+vote)"
    r"|\((?:spoke|interpretation|translated)\s+(?:in|from)\s+[A-Za-z]+(?:\s+and\s+[A-Za-z]+)?\)\s*$"
    r")"
)
# Where the meeting resumed on another day: "The meeting was resumed at 3.05 p.m.
# on Monday, 13 January."
RESUMED_ON = re.compile(
    r"\bresumed\s+at\s+[^.]*?\bon\s+(?:[A-Z][a-z]+day,\s+)?(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]+)(?:\s+(?P<year>\d{4}))?"
)
# "Mr. Alotaibi (Kuwait), Vice-President, took the Chair." and "The President returned to the Chair."
TOOK_CHAIR = re.compile(
    rf"^(?P<person>(?:(?:{TITLES})\.?\s+)[^()]+?)\s*\((?P<country>[^()]+)\)[^.]*?\btook\s+the\s+[Cc]hair"
)
LEFT_CHAIR = re.compile(r"^The\s+President\s+(?:resumed|returned\s+to|took)\s+the\s+[Cc]hair")
VOTE_LABELS = {
    "in favour": "in_favour",
    "against": "against",
    "abstaining": "abstaining",
    "abstentions": "abstaining",
    "not participating": "not_participating",
    "not participating in the vote": "not_participating",
    "did not participate": "not_participating",
    "did not participate in the voting": "not_participating",
    "absent": "not_participating",
}
VOTE_LIST = re.compile(
    r"^(?P<label>In\s+favour|Against|Abstaining|Abstentions|Not\s+participating(?:\s+in\s+the\s+vote)?"
    r"|Did\s+not\s+participate(?:\s+in\s+the\s+voting)?|Absent)\s*:\s*(?P<rest>.*)$"
)

# Page furniture: running heads, footers, page numbers, job numbers, barcodes,
# the typists' codes of the typescripts. Anchored: a body line may begin
# with a symbol ("S/PV.8699), and wishes to add…").
_FURNITURE = re.compile(
    r"^(?:"
    r"S\s?/\s?PV[.,]\s?\d+.*"  # running head: S/PV.8699 (Resumption 1) Maintenance of … 10/01/2020
    r"|\d{1,2}/\d{1,2}/\d{4}\b.*"  # running head of even pages: 10/01/2020 Maintenance of … S/PV.8699
    r"|S/\d{4}/\d+(?:\s.*)?"  # a letter's running head
    r"|\d{1,3}\s?/\s?\d{1,3}(?:\s+\d\d-\d{5})?"  # 2/65, 2/65 20-00800
    r"|\d\d-\d{5}(?:\s+\d{1,3}/\d{1,3})?"  # 20-00800, 20-00800 2/65
    r"|\d\d-\d{5}(?:/[A-Z])?(?:\s+\S+)?\s*\([A-Z]\)(?:\s.*)?"  # 20-00800 (E), 92-60101/A 6220V (E)
    r"|\*\s?\d{7,9}\s?\*"  # barcode
    r"|[A-Z]{2,4}/(?:[a-z]{2,4}|\d{1,3})(?:\s+.*)?"  # typist's code: JB/2, EMS/sh S/PV.3046
    r"|[-–]?\s?\d{1,3}\s?[-–]?"  # a page number alone
    r"|(?:Page|p\.)\s+\d{1,3}"
    # The printed Official Records: "Security Council – Twenty-first Year 12",
    # "14 1300th meeting – 15 September 1966".
    r"|(?:\d{1,3}\s+)?(?:Security\s+Council\s*[-–—]\s*[\w -]+?\s+[Yy]ear"
    r"|\d{1,5}(?:st|nd|rd|th)\s+(?i:meeting)\b[^a-z]*?)(?:\s+\d{1,3})?"
    r"|\d{1,3}(?:\s+S\s?/\s?PV[.,].*)?"
    r")$"
)
# The typescripts open a page that goes on with a speech by its speaker's
# name in parentheses: "(Mr. Vorontsov, Russian Federation)", "(The President)".
CONTINUATION = re.compile(
    rf"^\((?:The\s+(?i:president|secretary-general)|(?:{HONORIFIC}\s+)?(?:{TITLES})\.?\s+[^()]+?)(?:,\s+[^()]+)?\)$"
)
# A speck of a scan read as a character or two.
NOISE = re.compile(r"^[^\w]{1,3}$|^[\W_]{0,2}[A-Za-z]?[\W_]{1,2}$")


def furniture(text: str) -> bool:
    """Whether a line in the margin is page furniture."""
    return _FURNITURE.match(" ".join(text.split())) is not None
