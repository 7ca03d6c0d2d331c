"""
Verbatim records drawn as the UN's PDFs of each period, with fpdf2.

The project holds real PDFs of one form only (today's born-digital records,
``corpus/verbatim``). The other forms are drawn here from a record's speeches
(the headings and texts of the Debates corpus, or a test's own), so that the
parser can be held to records it has never seen, in every layout:

* ``born-digital`` — today's: two columns under a running head, names in bold,
  "(spoke in Arabic)" and stage directions in italics, a cover with dot leaders;
* ``typescript`` — the provisional records of the 1970s to the mid-1990s: one
  column of Courier, no bold or italics, "The PRESIDENT", surnames in capitals,
  "(interpretation from French)", items in capitals, the speaker's name in
  parentheses atop a page that goes on with a speech, typists' codes, a cover
  that spells the meeting's number in words and has no dot leaders;
* ``scan`` — the printed Official Records as the UN's scans give them: an
  image with an invisible OCR text layer (no font information at all), two
  columns, numbered paragraphs, "(translated from Russian)", words placed one
  by one off their baseline, OCR slips and specks of noise, and a debate that
  starts on the cover page;
* ``letter`` — the videoconferences of 2020-2021: a letter from the President
  with one annex per statement.

``render(record, form)`` returns the PDF's bytes. ``read_unscd(folder)`` gives
the records of the Debates corpus (``corpus/unscd-2020``) as speeches to draw:
their headings as printed and their texts, as the corpus segments them.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode

from debates.parsing.verbatim.cover import ORDINALS, TENS, UNITS

FORMS = ("born-digital", "typescript", "scan", "letter")

# The Council of 2020, for the covers of the records drawn from that year.
MEMBERS_2020 = [
    "Belgium", "China", "Dominican Republic", "Estonia", "France", "Germany", "Indonesia", "Niger",
    "Russian Federation", "Saint Vincent and the Grenadines", "South Africa", "Tunisia",
    "United Kingdom of Great Britain and Northern Ireland", "United States of America", "Viet Nam",
]  # fmt: skip


@dataclass
class GoldSpeech:
    """A speech as the corpus segments it: its heading as printed today, and its text."""

    heading: str  # "Mr. Baati (Tunisia) (spoke in Arabic)"; for a letter's annex, "" (see title)
    text: str
    person: str = ""
    country: str = ""
    participant: str = ""  # "The President", "Mentioned" (on the cover), "Guest"


@dataclass
class GoldRecord:
    symbol: str  # "S/PV.8699 (Resumption 1)", or a letter's "S/2020/594"
    date: dt.date
    topic: str
    speeches: list[GoldSpeech]
    president: tuple[str, str] = ("Mr. Dang", "Viet Nam")
    members: list[tuple[str, str]] = field(default_factory=list)  # (State, representative)

    @property
    def letter(self) -> bool:
        return not self.symbol.startswith("S/PV")

    @property
    def meeting(self) -> int:
        match = re.search(r"S/PV\.(\d+)", self.symbol)
        return int(match[1]) if match else 0


# --- The Debates corpus ----------------------------------------------------------------

PARTICIPANTS = {"president": "The President", "member": "Mentioned", "guest": "Guest"}


def read_unscd(folder: Path, symbols: set[str] | None = None) -> list[GoldRecord]:
    """Records of the Debates corpus in its published layout (``corpus/unscd-2020``), read by
    the project's own reader (``debates.parsing.unscd``), as the speeches to draw."""
    from debates.parsing.unscd import read_corpus

    records: list[GoldRecord] = []
    with read_corpus(folder) as corpus:
        for found in corpus.records():
            if symbols is not None and found.symbol not in symbols:
                continue
            record = GoldRecord(symbol=found.symbol, date=found.date, topic=found.topic, speeches=[])
            for speech in found.speeches:
                participant = PARTICIPANTS.get(speech.participant, "")
                person = speech.person if speech.person.lower() not in ("unknown", "na") else ""
                if participant == "The President":
                    record.president = (person or "Mr. President", speech.country_org)
                heading = "" if found.letter else (speech.label or _heading_for(speech, participant))
                text = " ".join(speech.text.split())
                record.speeches.append(GoldSpeech(heading, text, person, speech.country_org, participant))
            persons = {s.country: s.person for s in record.speeches if s.participant == "Mentioned"}
            record.members = [
                (country, persons.get(country) or _placeholder(country))
                for country in MEMBERS_2020
                if country != record.president[1]
            ]
            records.append(record)
    return records


def _heading_for(speech, participant: str) -> str:
    """The heading the record prints where the corpus's text has none."""
    if participant == "The President":
        return "The President"
    person = speech.person or "Mr. Speaker"
    country = speech.country_org
    return f"{person} ({country})" if country and country not in ("UN", "Individual") else person


def _placeholder(country: str) -> str:
    return "Mr. " + re.sub(r"[^A-Za-z]", "", country)[:8].capitalize()


# --- Text ----------------------------------------------------------------------------

_ABBREVIATIONS = "".join(
    rf"(?<!\b{re.escape(a)})"
    for a in (
        "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "No.", "Nos.", "p.", "pp.", "para.", "i.e.", "e.g.", "vs.",
        "Art.", "Msgr.", "Prof.", "H.E.",
    )
)  # fmt: skip
SENTENCE = re.compile(rf"{_ABBREVIATIONS}(?<=[.!?”\"])\s+(?=[A-Z“\"(])")
STAGE_SENTENCE = re.compile(
    r"^(?:The meeting (?:rose|was suspended|was resumed|was called to order)\b"
    r"(?:[^.]|\.(?=\d)|(?<=[ap])\.(?=m\.))*\."
    r"|A vote was taken by show of hands\.)"
)
VOTE_LISTS = re.compile(
    r"^In favour:\s*(?P<yes>.*?)\s*Against:\s*(?P<no>.*?)\s*Abstaining:\s*(?P<abstain>.*?)"
    r"(?=\s+[A-Z][a-z]+\s[a-z]|$)"
)


def latin1(text: str) -> str:
    """What the core fonts can show: curly quotes and dashes made plain, other letters unaccented."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("—", "-").replace("–", "-").replace("…", "...").replace("\u00ad", "")
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(base if base.encode("latin-1", "ignore") == base.encode() else "")
    return "".join(out)


def blocks_of(record: GoldRecord, rng: random.Random) -> list[tuple]:
    """The record as the page shows it: ("stage", text), ("section", text),
    ("speech", heading, [paragraphs]), ("votes", [(label, names)])."""
    blocks: list[tuple] = []
    resumed = "Resumption" in record.symbol or "Part" in record.symbol
    blocks.append(
        (
            "stage",
            "The meeting was resumed at 10 a.m."
            if resumed
            else "The meeting was called to order at 10.05 a.m.",
        )
    )
    if not resumed:
        blocks += [("section", "Adoption of the agenda"), ("stage", "The agenda was adopted.")]
        blocks.append(("section", record.topic or "Maintenance of international peace and security"))
    for speech in record.speeches:
        segments = _segments(speech.text)
        first = True
        for kind, content in segments:
            if kind == "text":
                if first or blocks[-1][0] in ("stage", "votes"):
                    blocks.append(("speech", speech.heading, _paragraphs(content, rng)))
                else:
                    blocks[-1][2].extend(_paragraphs(content, rng))
            else:
                blocks.append((kind, content))
            first = False
    return blocks


def _segments(text: str) -> list[tuple[str, object]]:
    """A corpus text cut where the record sets a stage direction or a vote apart."""
    out: list[tuple[str, object]] = []
    sentences = SENTENCE.split(text.strip())
    buffer: list[str] = []
    index = 0
    while index < len(sentences):
        sentence = sentences[index]
        if STAGE_SENTENCE.match(sentence):
            if buffer:
                out.append(("text", " ".join(buffer)))
                buffer = []
            stage = STAGE_SENTENCE.match(sentence).group(0)
            out.append(("stage", stage))
            rest = sentence[len(stage) :].strip()
            if stage.startswith("A vote"):
                lists = VOTE_LISTS.match(rest)
                if lists:
                    out.append(
                        (
                            "votes",
                            [
                                ("In favour:", lists["yes"]),
                                ("Against:", lists["no"]),
                                ("Abstaining:", lists["abstain"]),
                            ],
                        )
                    )
                    rest = rest[lists.end() :].strip()
            # What follows the meeting's close is the OCR of the other column or of the footer.
            if len(rest) > 24 and "rose" not in stage:
                buffer.append(rest)
        else:
            buffer.append(sentence)
        index += 1
    if buffer:
        out.append(("text", " ".join(buffer)))
    return out or [("text", text)]


def _paragraphs(text: str, rng: random.Random) -> list[str]:
    sentences = SENTENCE.split(text.strip())
    paragraphs, current = [], []
    size = rng.randint(2, 6)
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= size:
            paragraphs.append(" ".join(current))
            current, size = [], rng.randint(2, 6)
    if current:
        paragraphs.append(" ".join(current))
    return [p for p in paragraphs if p.strip()] or [text]


# --- Headings in each period's words -----------------------------------------------------

HEADING = re.compile(r"^(?P<name>.+?)(?P<parts>(?:\s*\([^()]*(?:\([^()]*\)[^()]*)?\))*)$")


def old_heading(heading: str, *, verb: str = "interpretation from") -> str:
    """Today's heading in the words of the typescripts: "The PRESIDENT",
    "Mr. DE RIVIERE (France) (interpretation from French)"."""
    match = HEADING.match(heading)
    name, parts = match["name"].strip(), match["parts"]
    if name.startswith("The "):
        name = "The " + name[4:].upper()
    else:
        title = re.match(r"^((?:(?:His|Her) Excellency\s+)?(?:[A-Z][a-z]*\.?\s+){0,1})(.*)$", name)
        words = title[2].split()
        if words:
            name = title[1] + " ".join(w.upper() if w[:1].isupper() else w for w in words)
    parts = re.sub(r"\(spoke in ", f"({verb} ", parts)
    return f"{name}{parts}"


def _name_runs(heading: str, style: str = "B") -> list[tuple[str, str]]:
    """Today's heading as runs: the name bold, the State plain, "spoke in Arabic" italic."""
    match = HEADING.match(heading)
    runs = [(style, match["name"].strip())]
    for part in re.findall(r"\(([^()]*(?:\([^()]*\)[^()]*)?)\)", match["parts"]):
        if part.startswith("spoke in"):
            runs += [("", " ("), ("I", part), ("", ")")]
        else:
            runs.append(("", f" ({part})"))
    return runs


# --- Typesetting -------------------------------------------------------------------------


class Page:
    """A typesetter: paragraphs of runs, word-wrapped into columns, page after page."""

    def __init__(
        self,
        pdf: FPDF,
        *,
        font: str,
        size: float,
        leading: float,
        columns: list[tuple[float, float]],
        top: float,
        bottom: float,
        furniture,
        invisible: bool = False,
        jitter: float = 0.0,
        rng: random.Random | None = None,
    ) -> None:
        self.pdf, self.font, self.size, self.leading = pdf, font, size, leading
        self.columns, self.top, self.bottom = columns, top, bottom
        self.furniture = furniture  # called with (pdf, page number) on each new page
        self.invisible, self.jitter, self.rng = invisible, jitter, rng or random.Random(0)
        self.column = 0
        self.y = top
        self.page_top = top  # where the columns start on this page
        self.page = 0
        self.started_page = False
        self.last_heading = ""

    def new_page(self) -> None:
        self.pdf.add_page()
        self.page += 1
        if self.invisible:
            # The scanned page: an image of paper, under an invisible OCR text layer.
            self.pdf.set_fill_color(236, 233, 224)
            self.pdf.rect(0, 0, self.pdf.w, self.pdf.h, style="F")
            self.pdf.text_mode = TextMode.INVISIBLE
        self.column, self.y, self.page_top = 0, self.top, self.top
        self.started_page = True
        self.furniture(self, self.page)

    def need(self, height: float) -> None:
        if self.page == 0:
            self.new_page()
        if self.y + height > self.bottom:
            if self.column + 1 < len(self.columns):
                self.column += 1
                self.y = self.page_top
            else:
                self.new_page()

    def width(self, style: str, text: str) -> float:
        self.pdf.set_font(self.font, style, self.size)
        return self.pdf.get_string_width(text)

    def paragraph(
        self,
        runs: list[tuple[str, str]],
        *,
        indent: float = 0,
        hanging: float = 0,
        align: str = "left",
        space_before: float = 0,
        right_indent: float = 0,
        keep: bool = False,
    ) -> None:
        """Set a paragraph: ``indent`` on its first line, ``hanging`` on all, ``align`` left or centre."""
        # Words, each made of fragments in their styles: "(Tunisia) (" + italic "spoke in Arabic" + "):".
        words: list[list[tuple[str, str]]] = []
        glued = False
        for style, text in runs:
            for index, part in enumerate(latin1(text).split(" ")):
                if index:
                    glued = False
                if not part:
                    continue
                if glued and words:
                    words[-1].append((style, part))
                else:
                    words.append([(style, part)])
                glued = True
        if not words:
            return
        if space_before:
            self.need(self.leading + space_before)
            if self.y != self.page_top:
                self.y += space_before
        first = True
        while words:
            x0, x1 = self.columns[self.column] if self.page else self.columns[0]
            start = x0 + hanging + (indent if first else 0)
            available = x1 - right_indent - start
            line: list[list[tuple[str, str]]] = []
            used = 0.0
            while words:
                width = sum(self.width(style, piece) for style, piece in words[0]) + (
                    self.width("", " ") if line else 0
                )
                if line and used + width > available:
                    break
                line.append(words.pop(0))
                used += width
            self.need(self.leading)
            x0, x1 = self.columns[self.column]
            start = x0 + hanging + (indent if first else 0)
            if align == "center":
                start = x0 + (x1 - x0 - used) / 2
            self._line(start, self.y + self.size, line)
            self.y += self.leading
            self.started_page = False
            first = False

    def _line(self, x: float, baseline: float, words: list[list[tuple[str, str]]]) -> None:
        space = self.width("", " ")
        if not self.jitter:
            # Runs of one style set in one go, as a typesetter does.
            pieces: list[tuple[str, str]] = []
            for number, word in enumerate(words):
                for index, (style, text) in enumerate(word):
                    text = (" " if number and not index else "") + text
                    if pieces and pieces[-1][0] == style:
                        pieces[-1] = (style, pieces[-1][1] + text)
                    else:
                        pieces.append((style, text))
            for style, text in pieces:
                self.pdf.set_font(self.font, style, self.size)
                self.pdf.text(x, baseline, text)
                x += self.pdf.get_string_width(text)
            return
        # OCR: each word placed where it was recognised, a little off its neighbours.
        drift = self.rng.uniform(-self.jitter, self.jitter)
        for word in words:
            text = "".join(piece for _, piece in word)
            self.pdf.set_font(self.font, word[0][0], self.size)
            self.pdf.text(
                x + self.rng.uniform(-0.3, 0.3), baseline + drift + self.rng.uniform(-0.4, 0.4), text
            )
            x += self.pdf.get_string_width(text) + space * self.rng.uniform(0.85, 1.25)


# --- OCR noise ---------------------------------------------------------------------------

_SLIPS = [("l", "1"), ("O", "0"), ("rn", "m"), ("m", "rn"), ("e", "c"), ("i", "l"), ("h", "b"), ("I", "l")]


def ocr(text: str, rng: random.Random, rate: float = 0.006) -> str:
    """Text as an OCR engine reads a scan: accents lost, and a letter misread now and then."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = text.split(" ")
    for index, word in enumerate(words):
        if len(word) > 3 and rng.random() < rate * 4:
            wrong, right = rng.choice(_SLIPS)
            if wrong in word[1:]:
                at = word.index(wrong, 1)
                words[index] = word[:at] + right + word[at + len(wrong) :]
    return " ".join(words)


# --- The forms ---------------------------------------------------------------------------


def render(record: GoldRecord, form: str, *, seed: int = 0) -> bytes:
    """The record as a PDF in ``form`` (one of ``FORMS``)."""
    rng = random.Random(f"{record.symbol}|{form}|{seed}")
    if form == "letter" or record.letter:
        return _letter(record, rng)
    return {"born-digital": _born_digital, "typescript": _typescript, "scan": _scan}[form](record, rng)


def _running(record: GoldRecord) -> str:
    return record.topic or "Maintenance of international peace and security"


def _born_digital(record: GoldRecord, rng: random.Random) -> bytes:
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    job = f"20-{rng.randint(10000, 99999)}"
    total = 2 + sum(len(s.text) for s in record.speeches) // 5500  # the footers' "2/65"

    def furniture(page: Page, number: int) -> None:
        pdf.set_font("Times", "B", 8)
        head = [record.symbol, _running(record)[:60], record.date.strftime("%d/%m/%Y")]
        if number % 2 == 0:
            head.reverse()
        pdf.text(60, 60, head[0])
        pdf.text(200, 60, head[1])
        pdf.text(500, 60, head[2])
        pdf.set_font("Times", "", 8)
        pdf.text(60, 740, f"{number}/{total}" if number % 2 == 0 else job)
        pdf.text(500, 740, job if number % 2 == 0 else f"{number}/{total}")

    _modern_cover(pdf, record, job)
    page = Page(
        pdf,
        font="Times",
        size=10,
        leading=12.4,
        columns=[(60, 300), (312, 552)],
        top=88,
        bottom=712,
        furniture=furniture,
        rng=rng,
    )
    for block in blocks_of(record, rng):
        kind = block[0]
        if kind == "stage":
            page.paragraph([("I", block[1])], indent=18)
        elif kind == "section":
            page.paragraph([("B", block[1])], space_before=4)
        elif kind == "votes":
            for label, names in block[1]:
                page.paragraph([("I", label)])
                page.paragraph([("", names or "None")], hanging=18)
        else:
            heading, paragraphs = block[1], block[2]
            page.paragraph([*_name_runs(heading), ("", ": " + paragraphs[0])], indent=18)
            for text in paragraphs[1:]:
                page.paragraph([("", text)], indent=18)
    return bytes(pdf.output())


def _modern_cover(pdf: FPDF, record: GoldRecord, job: str) -> None:
    pdf.add_page()
    leader = ". " * 40
    pdf.set_font("Times", "", 10)
    pdf.text(60, 52, "United Nations")
    pdf.text(440, 52, record.symbol)
    pdf.set_font("Times", "B", 16)
    pdf.text(128, 96, "Security Council")
    pdf.set_font("Times", "", 10)
    pdf.text(128, 110, "Seventy-fifth year")
    pdf.set_font("Times", "I", 10)
    pdf.text(495, 96, "Provisional")
    pdf.set_font("Times", "B", 14)
    pdf.text(128, 140, f"{record.meeting}th meeting")
    pdf.set_font("Times", "", 10)
    pdf.text(128, 154, record.date.strftime("%A, %-d %B %Y") + ", 10 a.m.")
    pdf.text(128, 166, "New York")
    y = 200
    pdf.set_font("Times", "I", 10)
    pdf.text(64, y, "President:")
    pdf.set_font("Times", "", 10)
    pdf.text(
        128,
        y,
        latin1(
            f"{record.president[0]}{leader[: max(4, 60 - len(record.president[0]))]}({record.president[1]})"
        ),
    )
    y += 16
    pdf.set_font("Times", "I", 10)
    pdf.text(64, y, "Members:")
    pdf.set_font("Times", "", 10)
    for country, person in record.members:
        dots = leader[: max(4, 70 - len(country) - len(person))]
        pdf.text(128, y, latin1(f"{country}{dots}{person}"))
        y += 12
    y += 14
    pdf.set_font("Times", "B", 10)
    pdf.text(64, y, "Agenda")
    pdf.set_font("Times", "", 10)
    pdf.text(128, y + 16, latin1(_running(record)))
    pdf.text(
        129, 640, "This record contains the text of speeches delivered in English and of the translation of"
    )
    pdf.text(129, 652, "speeches delivered in other languages.")
    pdf.set_font("Times", "", 8)
    pdf.text(60, 740, f"{job} (E)")
    pdf.text(60, 752, "*" + job.replace("-", "") + "0*")


ORDINAL = {cardinal: ordinal for ordinal, cardinal in ORDINALS.items()}


def ordinal_words(number: int) -> str:
    """8699 → "EIGHT THOUSAND SIX HUNDRED AND NINETY-NINTH"."""
    parts = []
    thousands, rest = divmod(number, 1000)
    hundreds, rest = divmod(rest, 100)
    if thousands:
        parts += [UNITS[thousands], "thousand"]
    if hundreds:
        parts += [UNITS[hundreds], "hundred"]
    if rest:
        if parts:
            parts.append("and")
        if rest < 20:
            parts.append(UNITS[rest])
        else:
            tens, unit = divmod(rest, 10)
            parts.append(TENS[tens] + (f"-{UNITS[unit]}" if unit else ""))
    last = parts[-1]
    head, _, unit = last.rpartition("-")
    unit = ORDINAL.get(unit, unit + "th")
    parts[-1] = f"{head}-{unit}" if head else unit
    return " ".join(parts).upper()


def _typescript(record: GoldRecord, rng: random.Random) -> bytes:
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    typist = rng.choice(["JB", "EMS", "MR", "PM", "CW", "JSM"])
    state = {"speaker": ""}

    def furniture(page: Page, number: int) -> None:
        pdf.set_font("Courier", "", 11)
        pdf.text(72, 44, f"{typist}/{number}")
        pdf.text(
            440,
            44,
            record.symbol.replace(" (", "(").replace("Resumption ", "Resumption")
            if rng.random() < 0.3
            else record.symbol,
        )
        pdf.text(440, 57, str(number))
        pdf.text(300, 760, f"- {number} -")
        if state["speaker"]:
            # The typescripts repeat the speaker atop a page that goes on with a speech.
            pdf.set_font("Courier", "", 11)
            marker = latin1(state["speaker"])
            pdf.text(540 - pdf.get_string_width(marker), page.y + 11, marker)
            page.y += 22

    _typescript_cover(pdf, record, rng)
    page = Page(
        pdf,
        font="Courier",
        size=11,
        leading=15,
        columns=[(72, 540)],
        top=96,
        bottom=720,
        furniture=furniture,
        rng=rng,
    )
    for block in blocks_of(record, rng):
        kind = block[0]
        if kind == "stage":
            state["speaker"] = ""
            page.paragraph([("", block[1])], indent=36, space_before=8)
        elif kind == "section":
            state["speaker"] = ""
            page.paragraph(
                [("", latin1(block[1]).upper())], align="center", space_before=10, hanging=60, right_indent=60
            )
        elif kind == "votes":
            for label, names in block[1]:
                page.paragraph([("", f"{label} {names or 'None'}")], indent=36, hanging=0)
        else:
            heading = old_heading(block[1])
            name = HEADING.match(heading)["name"]
            country = re.match(
                r"^\s*\(([^()]*(?:\([^()]*\)[^()]*)?)\)", HEADING.match(heading)["parts"] or ""
            )
            # "(Mr. Vorontsov, Russian Federation)": the title and the surname, not the whole name.
            words = name.split()
            title = next((w for w in words if w.endswith(".")), words[0])
            short = name if name.startswith("The ") else f"{title} {words[-1].title()}"
            place = f", {country[1]}" if country and not country[1].startswith("interp") else ""
            state["speaker"] = f"({short}{place})"
            paragraphs = block[2]
            page.paragraph([("", f"{heading}: {paragraphs[0]}")], indent=36, space_before=8)
            for text in paragraphs[1:]:
                page.paragraph([("", text)], indent=36, space_before=8)
    return bytes(pdf.output())


def _typescript_cover(pdf: FPDF, record: GoldRecord, rng: random.Random) -> None:
    pdf.add_page()
    pdf.set_font("Courier", "", 11)
    pdf.text(72, 60, "UNITED NATIONS")
    pdf.text(420, 60, "PROVISIONAL")
    pdf.text(72, 90, "Security Council")
    pdf.text(420, 90, record.symbol)
    pdf.text(420, 104, record.date.strftime("%-d %B %Y"))
    pdf.text(420, 118, "ENGLISH")
    pdf.text(72, 170, "PROVISIONAL VERBATIM RECORD OF THE")
    pdf.text(72, 184, f"{ordinal_words(record.meeting)} MEETING")
    pdf.text(72, 212, "Held at Headquarters, New York,")
    pdf.text(72, 226, record.date.strftime("on %A, %-d %B %Y, at 10 a.m."))
    president, country = record.president
    pdf.text(72, 262, latin1(f"President: {old_heading(president)}"))
    pdf.text(300, 262, latin1(f"({country})"))
    y = 290
    pdf.text(72, y, "Members:")
    for member, person in record.members:
        # A long name goes on over a second line: "United Kingdom of Great Britain and / Northern Ireland".
        first, _, rest = member.partition(" Britain and ")
        pdf.text(150, y, latin1(f"{first} Britain and" if rest else member))
        pdf.text(390, y, latin1(old_heading(person)))
        y += 14
        if rest:
            pdf.text(160, y, rest)
            y += 14
    pdf.text(72, 600, "This record contains the original text of speeches delivered in English")
    pdf.text(72, 614, "and interpretations of speeches delivered in the other languages.")
    pdf.text(72, 740, f"{record.date:%y}-{rng.randint(60000, 69999)} {rng.randint(1000, 9999)}V (E)")


def _scan(record: GoldRecord, rng: random.Random) -> bytes:
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    year = record.date.year - 1945

    def furniture(page: Page, number: int) -> None:
        pdf.set_font("Helvetica", "", 9)
        pdf.text(60, 48, str(number) if number % 2 == 0 else f"Security Council - {year}th year")
        pdf.text(480, 48, f"{record.meeting}th meeting" if number % 2 == 0 else str(number))
        if rng.random() < 0.5:
            pdf.text(rng.uniform(80, 500), rng.uniform(790, 815), rng.choice([".", "'", ",", "~", "-"]))

    page = Page(
        pdf,
        font="Helvetica",
        size=9,
        leading=11.2,
        columns=[(60, 290), (305, 535)],
        top=330,
        bottom=770,
        furniture=furniture,
        invisible=True,
        jitter=0.5,
        rng=rng,
    )
    page.new_page()
    # The cover block, across the page, above the two columns of the debate.
    pdf.set_font("Helvetica", "", 9)
    first = [member for member, _ in record.members[:6]]
    lines = [
        ("SECURITY COUNCIL", 240, 80), ("OFFICIAL RECORDS", 245, 94), (record.symbol, 470, 70),
        (f"{record.meeting}th MEETING: {record.date:%-d %B %Y}".upper(), 200, 130),
        (f"Held in New York, on {record.date:%A, %-d %B %Y}, at 3 p.m.", 60, 160),
        (ocr(f"President: {old_heading(record.president[0])} ({record.president[1]}).", rng, 0), 60, 180),
        ("Present: The representatives of the following States: " + ", ".join(first) + ",", 60, 196),
        (", ".join(m for m, _ in record.members[6:-1]) + " and " + record.members[-1][0] + ".", 60, 208),
        (f"Provisional agenda (S/Agenda/{record.meeting})", 60, 232),
        ("1. Adoption of the agenda.", 80, 246),
        (f"2. {latin1(_running(record))}.", 80, 258),
    ]  # fmt: skip
    for text, x, y in lines:
        pdf.text(x, y, latin1(text))
    page.y = page.page_top = 300
    page.top = 72
    paragraph = 0
    for block in blocks_of(record, rng):
        kind = block[0]
        if kind == "stage":
            page.paragraph([("", block[1])], indent=12, space_before=3)
        elif kind == "section":
            page.paragraph([("", block[1])], align="center", space_before=6)
        elif kind == "votes":
            for label, names in block[1]:
                page.paragraph([("", f"{label} {ocr(names or 'None', rng, 0)}")], indent=12)
        else:
            verb = (
                rng.choice(["translated from", "interpretation from"])
                if record.meeting % 2
                else "translated from"
            )
            heading = ocr(old_heading(block[1], verb=verb), rng, 0.0)
            for index, text in enumerate(block[2]):
                paragraph += 1
                lead = f"{paragraph}. " + (f"{heading}: " if index == 0 else "")
                page.paragraph([("", lead + ocr(text, rng))], indent=12)
                if rng.random() < 0.04:
                    page.paragraph([("", rng.choice([".", "'", ",", "-"]))], indent=rng.uniform(40, 180))
    return bytes(pdf.output())


def _letter(record: GoldRecord, rng: random.Random) -> bytes:
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    job = f"20-{rng.randint(10000, 99999)}"
    total = 2 + len(record.speeches) + sum(len(s.text) for s in record.speeches) // 4500

    def furniture(page: Page, number: int) -> None:
        pdf.set_font("Times", "B", 9)
        pdf.text(60 if number % 2 == 0 else 480, 50, record.symbol)
        pdf.set_font("Times", "", 8)
        pdf.text(480 if number % 2 == 0 else 60, 800, f"{job} {number}/{total}")

    page = Page(
        pdf,
        font="Times",
        size=10.5,
        leading=12.6,
        columns=[(72, 523)],
        top=90,
        bottom=770,
        furniture=furniture,
        rng=rng,
    )
    pdf.add_page()
    page.page = 1
    pdf.set_font("Times", "", 10)
    pdf.text(60, 50, "United Nations")
    pdf.text(460, 50, record.symbol)
    pdf.set_font("Times", "B", 16)
    pdf.text(110, 84, "Security Council")
    pdf.set_font("Times", "", 10)
    issued = record.date + dt.timedelta(days=rng.randint(1, 4))
    for offset, text in enumerate(["Distr.: General", issued.strftime("%-d %B %Y"), "", "Original: English"]):
        if text:
            pdf.text(440, 100 + 12 * offset, text)
    page.y = 160
    letter, annexes = record.speeches[0], record.speeches[1:]
    president, country = record.president
    page.paragraph(
        [("B", f"Letter dated {issued - dt.timedelta(days=1):%-d %B %Y} from the President of the Security "
               "Council addressed to the Secretary-General and the Permanent Representatives of the members "
               "of the Security Council")],
        hanging=40, right_indent=60,
    )  # fmt: skip
    for text in _paragraphs(letter.text, rng):
        page.paragraph([("", text)], indent=36, space_before=6)
    page.paragraph([("I", "(Signed)"), ("", f" {president}")], indent=220, space_before=12)
    page.paragraph([("", "President of the Security Council")], indent=240)
    for number, speech in enumerate(annexes, start=1):
        page.new_page()
        page.paragraph([("B", f"Annex {number}")])
        page.paragraph([("B", annex_title(speech, rng))], space_before=6, right_indent=40)
        if rng.random() < 0.15:
            page.paragraph(
                [("", f"[Original: {rng.choice(['French', 'Spanish', 'Arabic', 'Russian'])}]")], indent=300
            )
        for text in _paragraphs(speech.text, rng):
            page.paragraph([("", text)], indent=36, space_before=6)
    return bytes(pdf.output())


def annex_title(speech: GoldSpeech, rng: random.Random) -> str:
    """The title of an annex, as the letters word them, from the corpus's row."""
    person, country = speech.person.strip(), speech.country.strip()
    if (
        speech.participant.lower() == "the president"
        or country in MEMBERS_2020
        or (country and country not in ("UN", "Individual") and _state_like(country))
    ):
        if not person:
            return f"Statement by the Permanent Mission of {country} to the United Nations"
        lead = rng.choice(
            ["Permanent Representative", "Deputy Permanent Representative", "Permanent Representative"]
        )
        return f"Statement by the {lead} of {country} to the United Nations, {person}"
    if country.startswith("Group of") or "countries" in country:
        return f"Joint statement on behalf of the {country}"
    if country == "UN":
        return f"Briefing by {person}" if person else "Briefing by the Secretariat"
    if country in ("Individual", ""):
        return (
            f"Briefing by {person}, civil society representative"
            if person
            else "Briefing by a civil society representative"
        )
    return (
        f"Statement by the Head of Delegation of the {country} to the United Nations, {person}"
        if person
        else f"Statement by the {country}"
    )


def _state_like(name: str) -> bool:
    from debates.gazetteer import Gazetteer

    entry = Gazetteer.default().lookup(name)
    return entry is not None and entry.kind == "state"


# --- Scoring -----------------------------------------------------------------------------


@dataclass
class Score:
    """How a parse of a drawn record compares with the speeches it was drawn from."""

    gold: int = 0  # speeches printed with a heading
    parsed: int = 0  # speeches the parser found at a heading (not the President's change of capacity)
    matched: int = 0  # found with the right speaker, starting where the speech starts
    unread: int = 0
    misses: list[str] = field(default_factory=list)

    def __iadd__(self, other: Score) -> Score:
        self.gold += other.gold
        self.parsed += other.parsed
        self.matched += other.matched
        self.unread += other.unread
        self.misses += other.misses
        return self

    @property
    def precision(self) -> float:
        return self.matched / self.parsed if self.parsed else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"^the ", "", re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip())


def speaker_key(heading: str) -> tuple[str, str]:
    """Who a printed heading names, whatever the period's spelling: ("president", ""),
    ("ruiz massieu", "colombia"), the surname folded and the State."""
    from debates.parsing.verbatim.headings import parse_heading

    parsed = parse_heading(heading + ":", relaxed=True)
    if parsed is None:
        return (fold(heading), "")
    if parsed.role:
        return (parsed.role, "")
    name = re.sub(r"^(?:[A-Z][a-z]*\.?\s+)", "", parsed.name) if " " in parsed.name else parsed.name
    return (fold(name).split(" ")[-1] if fold(name) else "", fold(parsed.country or ""))


def gold_speeches(record: GoldRecord) -> list[tuple[tuple[str, str], str]]:
    """(speaker key, opening words) of each speech the drawn record prints with a heading."""
    if record.letter:
        out = []
        for index, speech in enumerate(record.speeches):
            if not speech.text.strip():
                continue
            out.append((_letter_key(speech, index == 0), speech.text))
        return out
    return [
        (speaker_key(block[1]), block[2][0])
        for block in blocks_of(record, random.Random(0))
        if block[0] == "speech"
    ]


def _letter_key(speech: GoldSpeech, first: bool) -> tuple[str, str]:
    if first:
        return ("president", "")
    state = _state_code(speech.country)
    if state:
        return ("state", state)
    if speech.person:
        return ("person", fold(speech.person).split(" ")[-1])
    return ("org", fold(speech.country))


def _state_code(name: str) -> str:
    """The ISO code of the State a name designates ("Socialist Republic of Viet Nam" → VNM), or ""."""
    from debates.gazetteer import Gazetteer

    if not name or name in ("UN", "Individual"):
        return ""
    entry = Gazetteer.default().lookup(name)
    if entry is not None and entry.kind == "state":
        return entry.iso3
    states = {m.entry.iso3 for m in Gazetteer.default().find(name) if m.entry.kind == "state"}
    return states.pop() if len(states) == 1 else ""


def parsed_key(record, speech) -> tuple[str, str]:
    if record.kind == "letter":
        if speech.capacity == "president" and speech.position == 1:
            return ("president", "")
        if speech.country:
            return ("state", _state_code(speech.country) or fold(speech.country))
        if speech.person:
            return ("person", fold(speech.person).split(" ")[-1])
        return ("org", fold(speech.role))
    return speaker_key(speech.heading)


def score(gold: GoldRecord, parsed) -> Score:
    """Align the parsed speeches with the drawn ones: a parsed speech counts when it
    is aligned with a drawn one, has its speaker, and starts with its words."""
    import difflib

    expected = gold_speeches(gold)
    found = [s for s in parsed.speeches if not s.continued]
    keys = [parsed_key(parsed, s) for s in found]
    result = Score(gold=len(expected), parsed=len(found), unread=len(parsed.unread))
    matcher = difflib.SequenceMatcher(a=[k for k, _ in expected], b=keys, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            for (key, text), speech in zip(expected[a0:a1], found[b0:b1], strict=True):
                if _same_start(text, speech.text):
                    result.matched += 1
                else:
                    result.misses.append(
                        f"{gold.symbol}: {key} starts {speech.text[:50]!r}, not {text[:50]!r}"
                    )
        else:
            result.misses.append(
                f"{gold.symbol}: {tag} drawn {[k for k, _ in expected[a0:a1]]} parsed {keys[b0:b1]}"
            )
    return result


def _same_start(expected: str, found: str) -> bool:
    import difflib

    a, b = fold(expected)[:60], fold(found)[:60]
    size = max(min(len(a), len(b)), 12)  # a speech cut short by a change of capacity starts the same
    return difflib.SequenceMatcher(a=a[:size], b=b[:size], autojunk=False).ratio() >= 0.7
