"""One text analysis for related posts, the browser index and the whoosh index.

Sharing it is what makes the terminal and the browser agree, and what makes "related"
mean the same words a reader would search for.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Words: letters/digits, with inner apostrophes (’ ' ʼ) joined, e.g. п’ять, don't.
_TOKEN = re.compile(r"\w+(?:['’ʼ]\w+)*")
_TOKEN_OR_CUT = re.compile(r"\w+(?:['’ʼ]\w+)*|\0")
_APOSTROPHES = str.maketrans("", "", "'’ʼ")
_KEPT_MARKS = "\u0306\u0308"  # breve (й, ў) and diaeresis (ї)
_KEPT_BASES = "иуі"

STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""a about above after again against all also am an and any are as at be
    because been before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers herself him himself his how i
    if in into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own said same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself
    yourselves one two also may might must us new like get got""".split()),
    "uk": frozenset("""а але б би був була були було бути в вам вас весь вже ви від він вона вони
    воно все всі г де для до є ж з за и із її їх й його кожен коли ми мій на нам нас не неї ні
    ніж них о од ой от по при про та так також там те тим тих то тобто того тоді той ту тут у
    уже це цей ці цього ця чи що щоб як який яка яке які як""".split()),
    "ru": frozenset("""а без более бы был была были было быть в вам вас весь во вот все всего
    всех вы где да даже для до его ее если есть еще же за здесь и из или им их к как ко когда
    кто ли либо мне может мы на над надо наш не него нее нет ни них но ну о об однако он она
    они оно от очень по под при с со так также такой там те тем то того тоже той только том ты
    у уже хотя чего чей чем что чтобы чье чья эта эти это я""".split()),
    # The commonest function words of languages with a stemmer (folded when used).
    "de": frozenset("""aber alle als also am an auch auf aus bei bin bis bist da damit dann das
    dass dem den denn der des die dies diese dieser dieses doch dort du durch ein eine einem
    einen einer eines er es für hat hatte hier ich ihr ihre im in ist ja kann kein keine man
    mich mir mit nach nicht noch nur ob oder sein seine sich sie sind so über um und uns unter
    vom von vor war waren was weil wenn wer wie wir wird wo zu zum zur""".split()),
    "fr": frozenset("""à au aux avec ce ces cette dans de des du elle elles en est et il ils je la
    le les leur leurs lui ma mais me mes moi mon ne nos notre nous on ou où par pas pour qu que
    qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous ont""".split()),
    "es": frozenset("""a al como con de del desde donde el ella ellas ellos en entre era es esa ese
    eso esta este esto fue ha han hasta la las le les lo los me mi muy no nos o para pero por
    que quien se ser si sin su sus también te tu un una uno y ya""".split()),
    "it": frozenset("""a ad al alla alle anche che chi ci come con da dal dalla dei del della delle
    di e è ed era gli ha hanno i il in io la le lo loro ma mi ne nei nel nella non o per più
    quando questa questo se si sono su sua suo tra un una uno""".split()),
    "pt": frozenset("""a ao aos as com como da das de do dos e é ela ele eles em entre era essa esse
    esta este foi há isso mais mas me muito na nas não no nos o os ou para pela pelo por que se
    sem ser seu sua são também um uma""".split()),
    "nl": frozenset("""aan al als bij dan dat de der deze die dit door een en er had heb heeft het
    hij hoe ik in is je kan maar me met mij na naar niet nog nu of om onder ons ook op over te
    tot u uit van voor was wat we wel werd wie wij worden zal ze zich zij zijn zo""".split()),
    "pl": frozenset("""a aby ale bo by był była było być co czy dla do i ich ja jak jako jest jego
    jej już lub ma mi na nad nie o od oraz po pod przez przy się są ta tak te tego też to tu w
    we z za ze że""".split()),
    "sv": frozenset("""alla att av de dem den denna det detta din du där efter eller en ett för från
    har hon honom här i inte jag kan man med men mig min mot ni nu när och om på sig sin sitt
    ska som så till under upp ut vad var vi vid än är""".split()),
}
STOP_WORDS["uk"] |= {"і", "й", "ще", "цих", "цим", "свій", "своє", "вони"}
# Language (primary subtag) -> its Snowball stemmer, where the installed Snowball has one.
_SNOWBALL = {code: name for code, name in {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "st": "sesotho", "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish",
    "yi": "yiddish"}.items() if name in snowballstemmer.algorithms()}
# Those whose stemmer is for words in Latin letters, and in Cyrillic ones (Serbian: both).
_LATIN = frozenset(_SNOWBALL) - {"ar", "hy", "el", "hi", "ne", "fa", "ru", "ta", "yi"}
_CYRILLIC = frozenset(_SNOWBALL) & {"ru", "sr"}
# Ukrainian has no Snowball stemmer: strip the commonest inflectional endings instead,
# longest first, keeping at least four letters of stem.
_UK_ENDINGS = """ами ями ові еві ого ому ими іми ій ої ою ею ям ах ях ів ів ом ем ий
    ій ая яя ує ють ать ити ати ся сь ти ть ла ло ли і а я о у ю е и ь""".split()
_UK_BY_SIZE = [(size, frozenset(e for e in _UK_ENDINGS if len(e) == size))
               for size in sorted({len(e) for e in _UK_ENDINGS}, reverse=True)]


def fold(text: str) -> str:
    """Lower-case, drop accents and apostrophes: café = cafe, п’ять = пять, ё = е.

    Cyrillic й, ї and ў keep their marks: they are letters of their own, and the
    stemmers' endings (-ий, -ій) are written with them.
    """
    lowered = text.lower().translate(_APOSTROPHES)
    if lowered.isascii():
        return lowered
    if unicodedata.is_normalized("NFKD", lowered) and not any(
            map(unicodedata.combining, lowered)):  # most words: no marks to drop
        return unicodedata.normalize("NFC", lowered)
    kept = []
    previous = ""
    for ch in unicodedata.normalize("NFKD", lowered):
        if not unicodedata.combining(ch) or (ch in _KEPT_MARKS and previous in _KEPT_BASES):
            kept.append(ch)
        previous = ch
    return unicodedata.normalize("NFC", "".join(kept)).translate(_APOSTROPHES)  # ŉ -> ʼn


_fold_word = lru_cache(maxsize=1 << 20)(fold)  # words repeat: fold each spelling once


def tokenize(text: str) -> list[str]:
    """Folded words of `text`, in order, stop words included."""
    return [_fold_word(m) for m in _TOKEN.findall(text)]


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of each word of `text`, for highlighting."""
    return [(m.start(), m.end(), _fold_word(m.group())) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=64)
def _stemmer(lang: str):
    name = _SNOWBALL.get(lang)
    return snowballstemmer.stemmer(name) if name else None


@lru_cache(maxsize=500_000)
def stem(word: str, lang: str) -> str:
    """The stem of a folded word, by its script first and the article's language second.

    Cyrillic words get the Russian (or Serbian) stemmer in Russian (Serbian) text and a
    light Ukrainian one elsewhere; Latin words get the article language's stemmer, or the
    English one in text of another script (names and loanwords), so "Google" is one term
    in every article; other words the stemmer of their article's language, if any.
    """
    lang = lang.split("-", 1)[0]  # pt-br is Portuguese
    if _is_cyrillic(word):
        return _stemmer(lang).stemWord(word) if lang in _CYRILLIC else _stem_uk(word)
    if word[0] < "\u0250":  # Latin letters and digits
        return _stemmer(lang if lang in _LATIN else "en").stemWord(word)
    stemmer = _stemmer(lang)
    return stemmer.stemWord(word) if stemmer else word


def _is_cyrillic(word: str) -> bool:
    return "\u0400" <= word[0] <= "\u04ff"


def _stem_uk(word: str) -> str:
    for size, endings in _UK_BY_SIZE:  # longest first
        if len(word) - size >= 4 and word[-size:] in endings:
            return word[:-size]
    return word


@lru_cache(maxsize=64)
def stop_words(lang: str) -> frozenset[str]:
    """Folded stop words for `lang` (English for languages we have no list for)."""
    return frozenset(fold(w) for w in STOP_WORDS.get(lang.split("-", 1)[0], STOP_WORDS["en"]))


def index_tokens(text: str, lang: str = "en") -> list[tuple[int, str, str]]:
    """(position, folded word, term) of each indexed word of `text`.

    Positions count every word, stop words included, so a phrase can be checked with
    its stop words' places kept.
    """
    return index_sentences([text], lang)[0]


def index_sentences(sentences: list[str], lang: str = "en") -> list[list[tuple[int, str, str]]]:
    """`index_tokens` of each piece of a text cut at spaces, positions running on
    across pieces: the same positions as for the whole text, kept per piece."""
    if not sentences:
        return []
    known = _KNOWN.setdefault(lang, {})
    if len(known) > _KNOWN_MAX:  # a long-lived process (serve) must not grow forever
        known.clear()
    out: list[tuple[int, str, str]] = []
    result = [out]
    pos = 0
    for raw in raw_words(sentences):
        if raw == CUT:
            out = []
            result.append(out)
            continue
        entry = known.get(raw)
        if entry is None:
            entry = known[raw] = word_entry(raw, lang)
        if entry[1]:
            out.append((pos, entry[0], entry[1]))
        pos += 1
    return result


CUT = "\0"


def raw_words(pieces: list[str]) -> list[str]:
    """The words of `pieces` as written (but lower-cased: fewer spellings to look up),
    with CUT between one piece and the next: one regex call for the whole text."""
    text = CUT.join(pieces)
    if text.count(CUT) >= len(pieces):  # NULs of its own: blank them, keep the cuts
        text = CUT.join(s.replace(CUT, " ") for s in pieces)
    lowered = text.lower()
    # Lower-casing can add a combining mark (İ -> i̇) that would split a word: not then.
    return _TOKEN_OR_CUT.findall(lowered if len(lowered) == len(text) else text)


# lang -> raw word -> (folded word, term or "" for stop words and numbers): one lookup
# per word of text instead of a fold, a stop-word test and a stem.
_KNOWN: dict[str, dict[str, tuple[str, str]]] = {}
_KNOWN_MAX = 2_000_000


def word_entry(raw: str, lang: str) -> tuple[str, str]:
    """(folded word, term) of a word as written; the term is "" for stop words and
    numbers, which are not indexed."""
    word = fold(raw)
    indexed = word not in stop_words(lang) and not word.isdigit()
    return word, stem(word, lang) if indexed else ""


def analyze(text: str, lang: str = "en") -> list[str]:
    """Index terms of `text`: folded, stop words dropped, stemmed per `lang`."""
    return [term for _, _, term in index_tokens(text, lang)]
