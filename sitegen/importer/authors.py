"""Who wrote it: the people a byline or a page's metadata names, one name each.

trafilatura joins what it finds with "; " ("Tom Krisher; Ap Auto Writer", "Sandee
LaMotte; CNN"), bylines join names with "and" or commas, and both carry job titles,
agencies, the publisher, credentials and dates that are nobody's name. Every name
becomes an author page, so those must go.
"""

from __future__ import annotations

import re

from sitegen.analysis import fold
from sitegen.importer.lexicon import MONTHS

# Between names: ; , & and "and" in the languages the importer knows.
# Lower case only: "Bruce Y Lee" has a middle initial, not "y" (Spanish "and").
_BETWEEN = re.compile(r"\s*(?:[;,&]|\s(?:and|AND|und|et|y|и|і|та)\s)\s*")
_LEAD = re.compile(r"^(?:(?:analysis|opinion|commentary|review|story|text|words|reporting|"
                   r"photos?)\s+)?(?:by|von|par|por|di|door|przez|від|автор|текст)\s*:?\s+",
                   re.IGNORECASE)
_AGENCIES = ("associated press", "the associated press", "ap", "reuters", "afp", "dpa",
             "upi", "bloomberg", "ansa", "efe", "pa", "укрінформ", "уніан", "тасс")
_AGENCY_TAIL = re.compile(rf"\s+(?:{'|'.join(map(re.escape, _AGENCIES))})$", re.IGNORECASE)
# Words no name has: job titles, desks, and what bylines and comment heads say around
# a name ("Published Monday", "Art Edwards says").
_NOT_A_NAME = re.compile(
    r"\b(?:writer|editor|editor-at-large|correspondent|reporter|staff|contributor|columnist|"
    r"journalist|producer|desk|bureau|team|newsroom|press|news|media|agency|service|"
    r"editorial|published|updated|posted|input|admin|administrator|says|said|"
    r"redaktion|rédaction|redacción|redazione|редакція|редакция|кореспондент\w*|"
    r"корреспондент\w*)\b", re.IGNORECASE)
_WEEKDAYS = frozenset("""monday tuesday wednesday thursday friday saturday sunday mon tue wed
    thu fri sat sun montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi
    mercredi jeudi vendredi samedi dimanche""".split())
# ...and months that are nobody's name (not May, June, April or August).
_DATE_WORDS = _WEEKDAYS | {"january", "february", "september", "october", "november",
                           "december"}
_DOMAINS = frozenset("com net org info de uk fr es it pl ua ru io".split())  # "Bueltge De"
_PARTICLES = frozenset("de da das do dos di del della van von der den ten ter la le al el "
                       "bin ibn ben du st.".split())


def author_names(text: str, publisher: str = "") -> list[str]:
    """The people `text` names, in order, each once; [] when it names none."""
    names: list[str] = []
    for part in _BETWEEN.split(_LEAD.sub("", " ".join(text.split()))):
        name = _name(part, publisher)
        if name and name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return names


def _name(part: str, publisher: str) -> str:
    """`part` as a person's name, or "" for a role, agency, publisher, date or word."""
    words = _AGENCY_TAIL.sub("", _LEAD.sub("", part.strip(" .:-–—|"))).split()
    while words and words[-1].lower() in _DATE_WORDS:
        words.pop()  # "Jeff Foust Monday": a date was cut off after the name
    name = " ".join(words)
    if (not words or name.casefold() in (publisher.casefold(), *_AGENCIES)
            or (publisher and name.casefold().startswith(publisher.casefold() + " "))
            or (len(words) == 1 and fold(name) in MONTHS)
            or _NOT_A_NAME.search(name) or any(c.isdigit() for c in name)
            or words[-1].lower() in _DOMAINS
            or words[0].lower() in ("the", "a", "an") or len(words) > 5):
        return ""
    if len(words) == 1 and name.isupper() and len(name) <= 4:
        return ""  # a credential (MS, RDN, PhD) or an agency's initials
    if not all(w[0].isupper() or w.lower() in _PARTICLES for w in words):
        return ""  # "defense ministries": words, not a name
    return name.title() if name.isupper() and len(name) > 4 else name
