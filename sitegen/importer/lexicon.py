"""Word lists the text-dump cleaner needs: stop words, boilerplate phrasing, bylines, months.

Written from general knowledge of web page furniture in the languages sitegen meets most,
never mined from any benchmark page, so they carry over to pages we have not seen.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sitegen.analysis import fold, stop_words

# Stop words for languages sitegen.analysis has no list for. Function words only: their
# share of a line is what tells running prose from menus, teasers and labels.
_EXTRA_STOP_WORDS = {
    "de": """der die das den dem des ein eine einen einem einer eines und oder aber auch nicht
    ist sind war waren wird werden wurde wurden hat haben hatte sein mit von zu zum zur im in
    an am auf aus bei für über unter nach vor durch als wie so dass daß es er sie wir ich ihr
    man sich noch nur schon sehr mehr kann können muss wenn dann doch denn ob bis um""",
    "fr": """le la les un une des du de et ou mais ne pas que qui quoi dont est sont était
    sera été être avoir a ont avait au aux dans sur sous pour par avec sans ce cette ces
    il elle ils elles nous vous on je se sa son ses leur leurs plus très comme si en y""",
    "es": """el la los las un una unos unas y o pero no que qui quien es son era fue ser
    estar está están ha han había de del al en con sin por para sobre entre como más muy
    se su sus lo le les este esta estos estas ese esa yo tú él ella nosotros ya también""",
    "it": """il lo la i gli le un uno una e o ma non che chi è sono era fu essere ha hanno
    aveva di del della dei delle al alla ai in con su per tra fra come più molto si suo sua
    suoi questo questa quello quella anche ancora già""",
    "pt": """o a os as um uma uns umas e ou mas não que quem é são era foi ser estar está
    tem têm de do da dos das no na nos nas em com sem por para sobre entre como mais muito
    se seu sua seus suas este esta esse essa isso também já""",
    "nl": """de het een en of maar niet is zijn was waren wordt worden werd heeft hebben had
    van in op aan met voor door over bij naar uit als dat die dit deze er ze hij zij wij ik
    je u ook nog wel al te om tot dan zo""",
    "pl": """i w na z do nie że się to jest są był była było być od po za przez dla o
    jak ale lub czy jego jej ich ten ta te tym tego także już tak bardzo może przy pod nad""",
    "sv": """och i att det som en på är av för med till den har de inte om ett men var
    jag han hon vi ni sig så kan från eller när också""",
}


@lru_cache(maxsize=32)
def stop_list(lang: str) -> frozenset[str] | None:
    """Folded stop words of `lang`, or None when sitegen has no list for it."""
    if lang in _EXTRA_STOP_WORDS:
        return frozenset(fold(w) for w in _EXTRA_STOP_WORDS[lang].split())
    if lang in ("en", "uk", "ru"):
        return stop_words(lang)
    return None


def _alternation(phrases: str) -> str:
    return "|".join(p.strip() for p in phrases.strip().split("\n") if p.strip())


# A line that *is* one of these labels starts or ends a boilerplate block (a footer, a
# comment form, a list of other articles), so it should break the article region.
_SECTION_LABELS = _alternation(r"""
related( articles| posts| stories| content| news| videos| coverage| links| reading)?
more (stories|news|articles)( from .*)?
(you )?(may|might) (also )?(like|enjoy|be interested in)|recommended( for you| stories)?
read (more|next|also)|see also|most (read|popular|viewed|shared)|trending( now| news)?
popular (posts|articles|stories)|(leave a |post a |add a )?(comment|reply)s?|\d+ comments?
comments? \(\d+\)|previous (article|post)|next (article|post)|about the author
weitere artikel|ähnliche (artikel|beiträge|themen)|verwandte artikel|mehr zum thema
das könnte (sie|dich|euch) auch interessieren|auch interessant|meistgelesen|kommentare?
schreibe(n sie)? einen kommentar|zum autor|über den autor
à lire aussi|lire aussi|articles similaires|sur le même sujet|commentaires?|les plus lus
noticias relacionadas|artículos relacionados|te puede interesar|lo más leído|comentarios
vea también|lea también|articoli correlati|potrebbe interessarti|leggi anche|commenti
i più letti|artigos relacionados|leia também|veja também|comentários|mais lidas
gerelateerde artikelen|lees ook|reacties|meest gelezen|powiązane artykuły|czytaj (też|także)
komentarze|najczęściej czytane|читайте також|читайте также|схожі новини|похожие новости
коментарі|комментарии|популярне|популярное
""")
SECTION_LABEL = re.compile(rf"^\W*(?:{_SECTION_LABELS})\W*$", re.IGNORECASE)

# Phrases that mark a line as page furniture wherever they appear in a short line.
_FURNITURE = _alternation(r"""
cookies?|privacy (policy|settings)|terms (of (use|service)|and conditions)|all rights reserved
subscribe|sign (in|up)|log ?in|log ?out|create (an )?account|my account|newsletter
skip to (main )?content|jump to navigation|back to top|toggle navigation|main menu
follow us|share( on| this| via)?|tags?:|categories|filed under|tweet|whatsapp|pinterest
linkedin|facebook|instagram|youtube|click here|previous (article|post)|next (article|post)
advertisement|anzeige|werbung|publicité|publicidad|pubblicità|reklama|реклама
teilen|partager|compartir|condividi|compartilhe|delen|udostępnij|поділитися|поделиться
download (the|our) app|contact us|about us|site ?map|imprint|advertise with us
©|\(c\) ?\d{4}|copyright|powered by|javascript|your browser|accept all
datenschutz|impressum|nutzungsbedingungen|anmelden|abonnieren|registrieren|alle rechte vorbehalten
zum inhalt springen|jetzt (lesen|kaufen|abonnieren)|mehr erfahren|zur startseite
mentions légales|tous droits réservés|se connecter|s'abonner|abonnez-vous
politique de confidentialité
aviso legal|todos los derechos reservados|iniciar sesión|suscríbete|política de privacidad
tutti i diritti riservati|accedi|iscriviti|informativa
todos os direitos reservados|assine|política de privacidade
alle rechten voorbehouden|inloggen|abonneren
wszelkie prawa zastrzeżone|zaloguj|subskrybuj|polityka prywatności
всі права захищені|все права защищены|увійти|войти|підписатися|подписаться|політика конфіденційності
""")
FURNITURE = re.compile(rf"(?:^|\W)(?:{_FURNITURE})(?:\W|$)", re.IGNORECASE)

# A caption ends with its picture's credit ("... Photo: Jane Doe", "(Foto: dpa)").
_CREDIT_LABELS = _alternation(r"""
photo(graph|graphy)?s?|pictures?|images?|credits?|fotos?|fotografie|bild(er)?|bildquelle
crédits?|crédito|fotografía|immagine|zdjęcie|zdjęcia|fot\.|kuva|kuvat|фото
""")
CREDIT = re.compile(rf"(?:^|[\s(\[.|/])(?:{_CREDIT_LABELS})\s?:\s*(?P<credit>[^!?:]{{1,80}})$",
                    re.IGNORECASE)

# A line that opens with one of these points to other pages ("Read also: <title>").
_ELSEWHERE = _alternation(r"""
read (more|also|next)|see also|also read|related|learn more
lesen sie (auch|mehr)|mehr (dazu|zum thema|erfahren)|siehe auch|auch interessant
lire aussi|à lire aussi|voir aussi|en savoir plus
lea (más|también)|lee también|vea también|saber más|inf[oó]rmate más
leggi anche|scopri di più|vedi anche|leia também|veja também|saiba mais
lees ook|zie ook|czytaj (też|także)|zobacz (też|także)|dowiedz się więcej
читайте (також|также)|дивіться також|детальніше
""")
# The link under a teaser that leads on to the rest of its page.
_CONTINUE = _alternation(r"""
read more|continue reading|weiterlesen|mehr lesen|lire la suite|leer más|seguir leyendo
leggi (tutto|di più)|continua a leggere|ler mais|continue lendo|lees (meer|verder)
czytaj (dalej|więcej)|читати далі|читать далее
""")
ELSEWHERE = re.compile(rf"^\W*(?:{_ELSEWHERE}|{_CONTINUE})(?:\s*[:»›…|]|\W*$)", re.IGNORECASE)
CONTINUE = re.compile(rf"^\W*(?:{_CONTINUE})(?:\s*[»›…→]|\W*$)", re.IGNORECASE)

# "By Jane Doe", "Von Max Muster", "Автор: ..." -- a byline names the author.
BYLINE = re.compile(
    r"^(?:by|written by|posted by|author|autor|von|text|par|por|di|door|przez|"
    r"автор|автори|авторы|текст)\s*:?\s+(?P<name>[^\d|•·,;]{3,60}?)"
    r"(?:\s*(?:[|•·,;]|\s[-–—]\s|\bon\b|\bam\b|\ble\b|\bel\b).*)?$",
    re.IGNORECASE)

# One line per month, January first: its names and abbreviations in several languages.
_MONTH_NAMES = """
january jan januar janvier enero gennaio janeiro januari styczeń stycznia січня січень января
february feb februar février febrero febbraio fevereiro februari luty lutego лютого лютий февраля
march mar märz mars marzo março maart marzec marca березня березень марта март
april apr avril abril aprile kwiecień kwietnia квітня квітень апреля апрель
may mai mayo maggio maio mei maj maja травня травень мая май
june jun juni juin junio giugno junho czerwiec czerwca червня червень июня июнь
july jul juli juillet julio luglio julho lipiec lipca липня липень июля июль
august aug août agosto augustus sierpień sierpnia серпня серпень августа август
september sep sept septembre septiembre settembre setembro wrzesień września вересня сентября
october oct oktober octobre octubre ottobre outubro październik października жовтня октября
november nov novembre noviembre novembro listopad listopada листопада листопад ноября ноябрь
december dec dez dezember décembre diciembre dicembre dezembro grudzień grudnia грудня декабря
"""
MONTHS: dict[str, int] = {fold(name): number
                          for number, names in enumerate(_MONTH_NAMES.strip().splitlines(), 1)
                          for name in names.split()}
