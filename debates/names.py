"""Name folding shared by the parsers, the gazetteer and the models (no Django)."""

import re
import unicodedata


def normalise_name(name: str) -> str:
    """The key under which a speaker name or alias is looked up.

    Case, accents that the sources use inconsistently ("Cote d'Ivoire",
    "Côte d’Ivoire"), curly quotes and runs of spaces do not distinguish two
    speakers, so they are folded away.
    """
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = name.replace("\u2019", "'").replace("\u2018", "'")
    name = re.sub(r"\s+", " ", name).strip().casefold()
    return name.removeprefix("the ")
