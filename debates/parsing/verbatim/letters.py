"""
Letters that recorded the Council's videoconferences (2020-2021).

From March 2020 the Council met by video-teleconference, and those meetings
had no verbatim record. The President circulated instead a letter (S/2020/594)
"enclosing" the briefings and statements, one annex per speaker::

    United Nations                                 S/2020/594
    Security Council                               Distr.: General
                                                   25 June 2020
    Letter dated 24 June 2020 from the President of the Security Council
    addressed to the Secretary-General and the Permanent Representatives of
    the members of the Security Council
        I have the honour to refer to the video-teleconference … convened on
        23 June 2020 … statements delivered by the representatives of Belgium,
        China, … (see annexes).
        (Signed) Nicolas de Rivière
        President of the Security Council
    Annex 1
    Statement by the Special Representative of the Secretary-General for
    Children and Armed Conflict, Virginia Gamba
        On behalf of the Secretary-General, …
    Annex 5
    Statement by the Permanent Representative of Belgium to the United Nations,
    Philippe Kridelka
    [Original: French]
        …

The letter itself is the President's (the Debates corpus counts it as the
first speech); each annex is a speech by the speaker its title names. The
statements carry the day of the videoconference, not the letter's.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics

from ..pdf import Line
from .cover import DATE, MONTHS
from .headings import HONORIFIC, TITLES
from .phrases import NOISE, furniture, group_name, on_behalf_of
from .records import LETTER_SYMBOL, AgendaItem, Member, Speech, UnreadLine, VerbatimError, VerbatimRecord

LETTER_TITLE = re.compile(r"^(?:Identical\s+)?[Ll]etters?\s+dated\b|^Note\s+by\s+the\s+President\b")
ANNEX = re.compile(r"^(?:Annex|ANNEX)(?:\s+(?P<number>[0-9]{1,3}|[IVXLC]{1,7}))?(?:\s+to\s+the\s+.*)?\.?$")
ENCLOSURE = re.compile(r"^(?:Enclosure|ENCLOSURE)(?:\s+[0-9IVX]{1,5})?$")
ORIGINAL = re.compile(r"^\[\s*Original\s*:\s*(?P<language>[A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)\s*\]$")
SIGNED = re.compile(r"^\(?\s*Signed\s*\)\s*(?P<person>.+)$")
HEADER = re.compile(
    r"^(?:United\s+Nations|Security\s+Council|Distr\.\s*:.*|General|Original\s*:.*|English|"
    r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|S/\d{4}/\d+(?:\s.*)?|United\s+Nations\s+S/\d{4}/\d+)$"
)
SIGNATURE_ROLE = re.compile(
    r"^(?:President\s+of\s+the\s+Security\s+Council|Permanent\s+Representative\b.*|Chargé\s+d[’']affaires.*"
    r"|Ambassador\b.*|Minister\b.*|Deputy\s+Permanent\s+Representative\b.*)$"
)
CONVENED = re.compile(
    r"\b(?:convened|held|conducted|took\s+place)\s+on\s+(?:[A-Z][a-z]+day,?\s+)?(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]+)"
    r"(?:\s+(?P<year>\d{4}))?"
)
ITEM = re.compile(r"\b(?:agenda\s+)?item\s+entitled\s+[“\"](?P<title>[^”\"]+)[”\"]")
# "Statement by the Permanent Representative of Belgium to the United Nations, Philippe Kridelka"
TITLE_LEAD = re.compile(
    r"^(?:Joint\s+)?(?:Statements?|Briefings?|Remarks|Speech|Address|Intervention|Explanation\s+of\s+vote"
    r"|Letter\s+dated\s+.+?\s+from|Note\s+verbale\s+dated\s+.+?\s+from)\s+"
    r"(?:(?:delivered|made|submitted|provided|read\s+out)\s+)?(?:by|of|from)?\s*",
    re.IGNORECASE,
)
ROLE_OF_STATE = re.compile(
    r"^(?:the\s+)?(?:(?:Deputy|Alternate|Acting|Chargé\s+d[’']affaires\s+a\.\s?i\.\s+of\s+the)\s+)?"
    r"(?:Permanent\s+(?:Representative|Mission|Delegation)|Head\s+of\s+(?:the\s+)?Delegation"
    r"|Chargé\s+d[’']affaires(?:\s+a\.\s?i\.)?|Representative|Mission|Delegation"
    r"|Ambassador|(?:First\s+|Deputy\s+)?(?:Prime\s+)?Minister(?:\s+(?:for|of)\s+[A-Z][\w ,]+?)?"
    r"|President|Vice-President"
    r"|Head\s+of\s+State|Foreign\s+Minister|Secretary\s+of\s+State(?:\s+for\s+[A-Z][\w ,]+?)?)"
    r"\s+of\s+(?:the\s+)?(?P<state>[A-Z][^,]+?)(?:\s+to\s+the\s+United\s+Nations(?:\s+in\s+\w+)?)?$"
)
SPOKEN_FOR = re.compile(r"(?:^|\s+)on\s+behalf\s+of\s+(?P<who>.+)$")
PERSON_NAME = re.compile(
    rf"^(?:{HONORIFIC}\s+)?(?:(?:{TITLES})\.?\s+)?[A-Z][^\s,;()]*(?:\s+[^\s,;()]+){{0,5}}$"
)


def is_letter(first_page: list[Line]) -> bool:
    """Whether page 1 is a letter's: a document symbol S/YYYY/N, no S/PV, and "Letter dated"."""
    head = " ".join(line.text for line in first_page[:12])
    return (
        LETTER_SYMBOL.search(head) is not None
        and "S/PV" not in head
        and any(LETTER_TITLE.match(" ".join(line.text.split())) for line in first_page)
    )


def parse_letter(pages: list[list[Line]], name: str) -> VerbatimRecord:
    """Read a letter and its annexes into a record of the videoconference it reports."""
    head = " ".join(line.text for line in pages[0][:12])
    symbol = LETTER_SYMBOL.search(head).group(0)
    reader = _Reader(name, fonts=any(line.bold for page in pages for line in page))
    for number, page in enumerate(pages, start=1):
        reader.feed_page(page, number)
    reader.finish()
    letter = reader.letter_text()
    if not reader.sections or not letter:
        raise VerbatimError(f"{name}: a letter with no text ({symbol})")
    issued = _issued(pages[0])
    convened = CONVENED.search(" ".join(letter.split()))
    date = _day(convened, issued) if convened else issued
    if date is None:
        raise VerbatimError(f"{name}: the letter gives no date")

    from . import states_in

    members = _members(letter, states_in)
    signer = reader.signer
    speeches: list[Speech] = []
    president_country = ""
    annexes = []
    for section in reader.sections[1:]:
        annexes.append(_annex(section, states_in))
    for annex, _ in annexes:
        if signer and annex["person"] and _same_person(annex["person"], signer) and annex["country"]:
            president_country = annex["country"]
    first = reader.sections[0]
    speeches.append(
        Speech(
            position=1,
            heading="The President",
            person=signer,
            country=president_country or None,
            language="",
            capacity="president",
            text=letter,
            page_start=first.page,
            page_end=first.last_page,
            date=date,
            section=first.title,
        )
    )
    for (annex, text), section in zip(annexes, reader.sections[1:], strict=True):
        if not text:
            continue
        country = annex["country"]
        if country and signer and annex["person"] and _same_person(annex["person"], signer):
            capacity = "national"
        elif country:
            capacity = "national" if not members or _listed(country, members) else "invited"
        else:
            capacity = "briefer"
        speeches.append(
            Speech(
                position=len(speeches) + 1,
                heading=section.title,
                person=annex["person"],
                country=country,
                language=section.language,
                capacity=capacity,
                text=text,
                page_start=section.page,
                page_end=section.last_page,
                date=date,
                role=annex["role"],
                on_behalf_of=annex["behalf"] or on_behalf_of(text, states_in),
            )
        )
    item = ITEM.search(" ".join(letter.split()))
    agenda = [AgendaItem(item["title"].strip())] if item else []
    for speech in speeches:
        speech.item = agenda[0].title if agenda else ""
    return VerbatimRecord(
        symbol=symbol,
        meeting_number=None,
        resumption=0,
        kind="letter",
        form="letter",
        date=date,
        time="",
        place="",
        president_person=signer,
        president_country=president_country,
        members=[Member(country, "") for country in members],
        agenda=agenda,
        documents=list(dict.fromkeys(re.findall(r"\bS/\d{4}/\d+\b", letter))),
        invitations=[],
        speeches=speeches,
        votes=[],
        presidential_statements=[],
        page_count=len(pages),
        unread=reader.unread,
    )


class _Section:
    """The letter, or one annex: its title, its language, its paragraphs."""

    def __init__(self, page: int) -> None:
        self.title_lines: list[str] = []
        self.paragraphs: list[list[str]] = []
        self.language = ""
        self.page = page
        self.last_page = page
        self.titled = False  # the title is complete

    @property
    def title(self) -> str:
        return " ".join(" ".join(self.title_lines).split())

    def text(self) -> str:
        from .body import _join

        return "\n\n".join(_join(p) for p in self.paragraphs if p)


class _Reader:
    INDENT = 8.0

    def __init__(self, name: str, fonts: bool) -> None:
        self.name = name
        self.fonts = fonts
        self.sections: list[_Section] = []
        self.unread: list[UnreadLine] = []
        self.signer = ""
        self.signing = False
        self.header = True

    def feed_page(self, lines: list[Line], page: int) -> None:
        body = [line for line in lines if not line.margin]
        pitches = [a.top - b.top for a, b in zip(body, body[1:], strict=False) if 0 < a.top - b.top < 40]
        pitch = statistics.median(pitches) if pitches else 12.0
        previous: Line | None = None
        for number, line in enumerate(lines, start=1):
            text = " ".join(line.text.split())
            if not text:
                continue
            if line.margin:
                if not (furniture(text) or HEADER.match(text) or NOISE.match(text)):
                    self.unread.append(UnreadLine(page, number, text))
                continue
            gap = previous is not None and previous.top - line.top > 1.6 * pitch
            starts = line.indent > self.INDENT or gap
            self.feed(line, text, page, number, starts)
            previous = line

    def feed(self, line: Line, text: str, page: int, number: int, starts: bool) -> None:
        if NOISE.match(text):
            return
        if self.header:
            if LETTER_TITLE.match(text):
                self.header = False
                self.sections.append(_Section(page))
                self.sections[-1].title_lines.append(text)
            elif not HEADER.match(text) and not furniture(text):
                self.unread.append(UnreadLine(page, number, text))
            return
        section = self.sections[-1]
        if ANNEX.match(text) and (line.bold or starts or not self.fonts):
            self.signing = False
            self.sections.append(_Section(page))
            return
        if ENCLOSURE.match(text):
            return
        original = ORIGINAL.match(text)
        if original:
            section.language = original["language"] if original["language"] != "English" else ""
            section.titled = True
            return
        signed = SIGNED.match(text)
        if signed and len(self.sections) == 1:
            self.signer = self.signer or signed["person"].strip()
            self.signing = True
            return
        if self.signing and (SIGNATURE_ROLE.match(text) or PERSON_NAME.match(text)):
            return  # the signatory's office, or a second signature
        self.signing = False
        if not section.titled:
            # The title: in bold where the file has fonts, else up to the first paragraph.
            title_line = line.bold if self.fonts else not (starts and section.title_lines)
            if title_line or not section.title_lines:
                section.title_lines.append(text)
                return
            section.titled = True
        section.titled = True
        section.last_page = page
        if starts or not section.paragraphs:
            section.paragraphs.append([text])
        else:
            section.paragraphs[-1].append(text)

    def finish(self) -> None:
        pass

    def letter_text(self) -> str:
        return self.sections[0].text() if self.sections else ""


def _issued(first_page: list[Line]) -> dt.date | None:
    for line in first_page[:14]:
        match = DATE.search(line.text)
        if match:
            return dt.date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
    return None


def _day(match: re.Match, issued: dt.date | None) -> dt.date | None:
    month = MONTHS.get(match["month"].lower())
    if month is None:
        return issued
    year = int(match["year"]) if match["year"] else (issued.year if issued else None)
    if year is None:
        return issued
    try:
        return dt.date(year, month, int(match["day"]))
    except ValueError:
        return issued


def _members(letter: str, states_in) -> list[str]:
    """The Council members whose statements the letter encloses: the States of the
    sentence "…statements delivered by the representatives of Belgium, China, …",
    not those of "A statement was also delivered by the representative of Yemen"."""
    flat = " ".join(letter.split())
    match = re.search(
        r"statements?\s+(?:delivered|made|submitted)?\s*by\s+the\s+representatives\s+of\s+(?:Council\s+members\s+)?"
        r"(?P<list>.+?)(?:,?\s+in\s+connection\s+with|\s*\(see\s+annex|\.\s)",
        flat,
    )
    if match is None:
        return []
    listed = re.sub(r"\([^)]*\)", "", match["list"])
    return list(dict.fromkeys(states_in(listed)))


def _listed(country: str, members: list[str]) -> bool:
    from ...names import normalise_name

    wanted = normalise_name(country)
    return any(
        normalise_name(m) == wanted
        or normalise_name(m).startswith(wanted + " ")
        or wanted.startswith(normalise_name(m) + " ")
        for m in members
    )


def _annex(section: _Section, states_in) -> tuple[dict, str]:
    """Who speaks in an annex, from its title."""
    title = section.title
    found = {"person": "", "country": None, "role": "", "behalf": []}
    rest = TITLE_LEAD.sub("", title, count=1).strip().rstrip(".")
    rest = re.sub(r"\s+addressed\s+to\s+.*$", "", rest)
    behalf = SPOKEN_FOR.search(rest)
    if behalf:
        who = behalf["who"]
        rest = rest[: behalf.start()].strip(" ,")
        group = group_name(who)
        listed = states_in(who)
        found["behalf"] = ([group] if group else [re.sub(r"^the\s+", "", who).strip()]) + [
            s for s in listed if s not in who[:0]
        ]
        if not rest:
            found["role"] = found["behalf"][0]
            return found, section.text()
    # "…, Name" at the end, or "Name, Role" at the start.
    person = role = ""
    if ", " in rest:
        head, _, tail = rest.rpartition(", ")
        if PERSON_NAME.match(tail) and not ROLE_OF_STATE.match(tail) and len(tail.split()) <= 6:
            role, person = head, tail
        else:
            # "Ellen Johnson Sirleaf, civil society representative": the name first.
            first, _, after = rest.partition(", ")
            if PERSON_NAME.match(first) and not ROLE_OF_STATE.match(first) and " of " not in first:
                person, role = first, after
            else:
                role = rest
    elif re.match(rf"^(?:{HONORIFIC}\s+)?(?:{TITLES})\.?\s", rest) or (
        PERSON_NAME.match(rest) and not re.match(r"^the\s", rest)
    ):
        person = rest
    else:
        role = rest
    role = re.sub(r"^the\s+", "", role.strip())
    found["person"] = person.strip()
    state = ROLE_OF_STATE.match(role)
    if state:
        from . import is_state

        if states_in(state["state"]) or is_state(state["state"]):
            found["country"] = state["state"].strip()
    if found["country"] is None:
        found["role"] = role[:1].upper() + role[1:] if role else ""
    return found, section.text()


def _same_person(a: str, b: str) -> bool:
    from .phrases import surname_key

    a, b = surname_key(a).split(), surname_key(b).split()
    return bool(a and b) and a[-1] == b[-1]
