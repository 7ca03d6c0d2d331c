"""
Speech headings: the words that open a speech and name its speaker.

Every period of the Council's record prints them its own way::

    The President: …                                   (born-digital, 2000s–today, name in bold)
    Mr. Baati (Tunisia) (spoke in Arabic): …
    Ms. … (Plurinational State of Bolivia) (spoke in Spanish and English): …
    Monsignor Hansen (Holy See): …
    The PRESIDENT (interpretation from French): …      (typescript, 1970s–1990s)
    Mr. MITTERRAND (France) (interpretation from French): …
    12. Mr. ROSALES (El Salvador) (translated from Spanish): …   (printed Official Records)

``parse_heading`` reads all of them from the text alone, so that a record
without font information (an OCR'd scan) is read like one in which the name
is set in bold. A heading is a name (a role such as "The President", or a
person with a title), then any number of parenthesised parts (the State or
organization, the language), then a colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Heading", "TITLES", "heading_prefix", "parse_heading"]

# Titles a speaker's name may carry, longest first where one begins another.
_TITLE_WORDS = [
    # Forms of address.
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Mme", "Mlle", "Messrs", "Dr", "Professor", "Prof",
    "Sir", "Dame", "Lord", "Lady", "Baroness", "Baron", "Countess", "Count",
    # Clergy.
    "Monsignor", "Msgr", "Mgr", "Archbishop", "Bishop", "Cardinal", "Father", "Reverend", "Rev",
    "Sister", "Imam", "Rabbi", "Ayatollah", "Sheikha", "Sheikh", "Shaikha", "Shaikh",
    # The bench and the military.
    "Judge", "Justice", "Field Marshal", "Lieutenant General", "Lieutenant-General", "Major General",
    "Major-General", "Brigadier General", "General", "Admiral", "Colonel",
    # Heads of State and Government, royalty.
    "Crown Prince", "King", "Queen", "Prince", "Princess", "Emir", "Amir", "Sultan",
    "Vice-President", "President", "Deputy Prime Minister", "Prime Minister",
    # Honorifics of South-East Asia.
    "Dato’ Sri", "Dato' Sri", "Dato Sri", "Dato’", "Dato'", "Dato", "Datuk", "Tan Sri", "Tun",
]  # fmt: skip
TITLES = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in _TITLE_WORDS)
HONORIFIC = (
    r"(?:(?:His|Her|Their)\s+(?:Excellency|Excellencies|Royal\s+Highness|Highness|Majesty|Eminence"
    r"|Holiness|Beatitude)|H\.\s?E\.|H\.\s?R\.\s?H\.)"
)

# "The President", "The Acting President", "The PRESIDENT", "The SECRETARY-GENERAL".
ROLES = {
    "president": "president",
    "acting president": "president",
    "interim president": "president",
    "vice-president": "president",
    "chairman": "president",
    "chairperson": "president",
    "chairwoman": "president",
    "acting chairman": "president",
    "chair": "president",
    "secretary-general": "secretary-general",
    "acting secretary-general": "secretary-general",
    "deputy secretary-general": "secretary-general",
}
_ROLE = (
    r"(?:T[Hh][Ee])\s+(?P<role>(?i:"
    + "|".join(sorted((re.escape(r).replace(r"\ ", r"\s+") for r in ROLES), key=len, reverse=True))
    + r"))"
)

# Lower-case words that may stand inside a name: "Mr. de Guiringaud", "Mr. van der Stoel".
PARTICLES = {
    "de", "da", "das", "del", "della", "der", "des", "di", "do", "dos", "du", "e", "el", "al", "ibn",
    "bin", "binti", "la", "le", "los", "van", "von", "y", "zu", "ter", "ten", "af", "of", "ould", "ag",
}  # fmt: skip

_TITLED = rf"(?:{HONORIFIC}\s+)?(?P<title>{TITLES})\.?\s+(?P<person>[^\s():;,][^():;]{{0,80}}?)"
_HONOURED = rf"{HONORIFIC}\s+(?P<hperson>[^\s():;,][^():;]{{0,80}}?)"
_BARE = r"(?P<bare>[A-Z][^():;]{0,60}?)"
_NUMBER = r"(?:(?P<number>\d{1,4})\.\s+)?"
STRICT = re.compile(rf"^{_NUMBER}(?:{_ROLE}|{_TITLED}|{_HONOURED})(?=\s*[(:])")
RELAXED = re.compile(rf"^{_NUMBER}(?:{_ROLE}|{_TITLED}|{_HONOURED}|{_BARE})(?=\s*[(:])")

# The parenthesised note on the language of delivery, in every period's words
# and with the OCR slips seen in scans ("interpretation fron Arabic").
LANGUAGE = re.compile(
    r"^(?:spoke|speaking|interpretation|interpreted|translated|translation"
    r"|sp\w{2,3}|[il1|]nter\w{6,12}|trans\w{4,8})\s+(?:in|from|fron|frorn|frum|fram|irom|[il1|]n)\s+"
    r"(?P<languages>[A-Za-z]+(?:(?:\s*,\s*|\s+and\s+)[A-Za-z]+)*)$",
    re.IGNORECASE,
)
LANGUAGE_NAMES = {
    "arabic", "chinese", "english", "french", "russian", "spanish", "german", "portuguese", "italian",
    "japanese", "hebrew", "turkish", "persian", "farsi", "dutch", "swahili", "hindi", "amharic", "korean",
    "greek", "ukrainian", "swedish", "indonesian", "serbian", "croatian", "bosnian", "albanian",
}  # fmt: skip


@dataclass(slots=True)
class Heading:
    """A speech heading, as printed and as understood."""

    printed: str  # without the paragraph number and the colon: "Mr. Baati (Tunisia) (spoke in Arabic)"
    name: str  # "The President", "Mr. Baati", "Monsignor Hansen"
    role: str  # "president" or "secretary-general" for a role, else ""
    country: str | None  # the State or organization in parentheses
    languages: list[str] = field(default_factory=list)
    number: int | None = None  # the paragraph number of the printed Official Records
    rest: str = ""  # the text after the colon

    @property
    def language(self) -> str:
        return " and ".join(self.languages)

    @property
    def presiding(self) -> bool:
        return self.role == "president"


def parse_heading(text: str, *, relaxed: bool = False) -> Heading | None:
    """The heading at the start of ``text``, or None.

    ``relaxed`` also accepts a name with no title ("Hadiza (spoke in
    French):", "Dato Lim Jock Hoi:"): safe only where the typeface marks
    the name, since any sentence may begin "Thus:".
    """
    text = _unmisread(" ".join(text.split()))
    match = (RELAXED if relaxed else STRICT).match(text)
    # Without the typeface's word, a name with no title is a heading only when the
    # language note follows it: "Hadiza (interpretation from French):".
    bare_needs_language = False
    if match is None and not relaxed:
        match = RELAXED.match(text)
        if match is None or len(match["bare"].split()) > 3:
            return None
        bare_needs_language = True
    if match is None:
        return None
    name = text[_name_start(text, match) : match.end()].strip()
    if not _plausible_name(match):
        return None
    position = match.end()
    parts: list[str] = []
    while True:
        while position < len(text) and text[position] == " ":
            position += 1
        if position < len(text) and text[position] == "(":
            end = _closing(text, position)
            if end is None:
                return None
            parts.append(text[position + 1 : end].strip())
            position = end + 1
            continue
        break
    if position >= len(text) or text[position] != ":":
        return None
    if bare_needs_language and not (parts and LANGUAGE.match(parts[0])):
        return None
    country = None
    languages: list[str] = []
    for part in parts:
        language = LANGUAGE.match(part)
        if language:
            # A language the OCR misread ("Frcnch") is still the note on the language.
            languages.extend(_language_name(w) for w in _split_languages(language["languages"]))
        elif country is None and part:
            country = part
        else:
            return None  # a third note in parentheses: prose, not a heading
    printed = text[_name_start(text, match) : position].strip()
    role = ROLES[" ".join(match["role"].lower().split())] if match["role"] else ""
    return Heading(
        printed=printed,
        name=name,
        role=role,
        country=country,
        languages=languages,
        number=int(match["number"]) if match["number"] else None,
        rest=text[position + 1 :].strip(),
    )


def _unmisread(text: str) -> str:
    """An OCR engine reads "I" as "l", "1" or "|" within words in capitals ("The PRESlDENT")."""
    head, tail = text[:80], text[80:]
    return re.sub(r"(?<=[A-Z])[l1|](?=[A-Z])", "I", head) + tail


def heading_prefix(text: str, *, relaxed: bool = False) -> bool:
    """Whether ``text`` could be the first lines of a heading that goes on
    over the next line: a name, then parenthesised parts, the last perhaps
    still open ("Mr. Cuéllar Suárez (Plurinational State of"), and no colon yet."""
    text = " ".join(text.split())
    if ":" in text or len(text) > 300:
        return False
    match = (RELAXED if relaxed else STRICT).match(text + ":")
    if match is not None and match.end() >= len(text):
        return _plausible_name(match)
    # A name followed by parentheses: close the last one and try again.
    depth = text.count("(") - text.count(")")
    if depth < 0 or depth > 2:
        return False
    candidate = text + ")" * depth + ":"
    return parse_heading(candidate, relaxed=relaxed) is not None or _open_language(text, relaxed)


def _open_language(text: str, relaxed: bool) -> bool:
    """``Mr. Nebenzia (Russian Federation) (spoke in``, ``… (spoke in Spanish and``: the
    language, or the second one, is on the next line."""
    head, _, tail = text.rpartition("(")
    return bool(
        re.fullmatch(
            r"(?i)(?:spoke|interpretation|translated)"
            r"(?: (?:in|from)(?: [A-Za-z]+(?:(?:,| and) [A-Za-z]+)*(?:,| and)?)?)?",
            tail.strip(),
        )
    ) and (parse_heading(head.strip() + ":", relaxed=relaxed) is not None)


def _name_start(text: str, match: re.Match) -> int:
    return match.end("number") + 1 if match["number"] else 0


def _plausible_name(match: re.Match) -> bool:
    """A person's name is a few capitalised words, not the start of a sentence."""
    groups = match.groupdict()
    person = groups.get("person") or groups.get("hperson") or groups.get("bare")
    if person is None:
        return True  # a role
    words = person.replace("/", " ").split()
    if not words or len(words) > (6 if groups.get("bare") else 9):
        return False
    for word in words:
        core = word.strip("'’\"-.,")
        if not core:
            continue
        if core[0].isupper() or core[0].isdigit() or core.lower() in PARTICLES:
            continue
        if re.match(r"^(?:al|el|bin|ibn|de|d|l)[-’'][A-Z]", core):
            continue
        return False
    return True


def _closing(text: str, start: int) -> int | None:
    """The index of the parenthesis closing the one at ``start`` (one level of nesting:
    "(Bolivia (Plurinational State of))")."""
    depth = 0
    for index in range(start, min(len(text), start + 160)):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
        elif char == ":" and depth:
            return None
    return None


def _language_name(word: str) -> str:
    """ "FRENCH" → "French"; a misread name is matched to the nearest known one ("Frcnch")."""
    import difflib

    word = word.casefold()
    if word not in LANGUAGE_NAMES:
        close = difflib.get_close_matches(word, LANGUAGE_NAMES, n=1, cutoff=0.75)
        word = close[0] if close else word
    return word.capitalize()


def _split_languages(text: str) -> list[str]:
    return [w for w in re.split(r"\s*,\s*|\s+and\s+", text) if w]
