"""The plain-text page-dump cleaner on small hand-made dumps, one boilerplate kind each."""

from __future__ import annotations

from datetime import date

from sitegen.importer.textdump import SiteEvidence, clean_dump

PARAGRAPHS = [
    "The town council voted on Tuesday to turn the old railway yard into a public park, "
    "ending a dispute that had lasted for almost ten years.",
    "Residents had asked for more green space since the last freight trains left the yard, "
    "and many of them came to the meeting to hear the result.",
    "The plan includes a playground, a community garden and a path along the river that "
    "will connect the park with the centre of the town.",
    "Work is expected to start in the spring, and the council hopes that the first part of "
    "the park will be open to the public before the end of next year.",
]
MENU = ["Home", "News", "Sport", "Weather", "Culture", "Contact"]


def dump(*parts: list[str] | str) -> str:
    lines: list[str] = []
    for part in parts:
        lines.extend([part] if isinstance(part, str) else part)
    return "\n".join(lines)


def test_title_loses_the_site_name_and_the_repeated_headline_leaves_the_body():
    page = dump("Railway yard becomes a park | Riverside Gazette", MENU,
                "Railway yard becomes a park", PARAGRAPHS)
    cleaned = clean_dump(page, "https://gazette.example/news/park")
    assert cleaned.title == "Railway yard becomes a park"
    assert cleaned.publisher == "Riverside Gazette"
    assert [b.text for b in cleaned.blocks] == PARAGRAPHS


def test_byline_and_date_lines_become_metadata():
    page = dump("Railway yard becomes a park - Riverside Gazette", MENU,
                "Railway yard becomes a park", "By Maria Lopez", "March 4, 2024", PARAGRAPHS)
    cleaned = clean_dump(page)
    assert cleaned.author == "Maria Lopez"
    assert cleaned.date == date(2024, 3, 4)
    assert "By Maria Lopez" not in cleaned.text
    assert "March 4, 2024" not in cleaned.text


def test_menus_footers_and_prompts_are_dropped():
    page = dump("Park plan approved", MENU, "Accept all cookies", "Sign in", PARAGRAPHS,
                "Subscribe to our newsletter", "Privacy policy", "Terms of use",
                "© 2024 Riverside Gazette. All rights reserved.")
    text = clean_dump(page).text
    assert all(p in text for p in PARAGRAPHS)
    for junk in ("cookies", "Sign in", "Subscribe", "Privacy", "©", *MENU):
        assert junk not in text


def test_a_related_articles_block_after_the_article_is_dropped():
    teasers = ["Council approves the new budget for schools and roads in a late vote",
               "Local football club wins the regional cup after a dramatic final",
               "New bakery opens on the market square with a queue around the block"]
    page = dump("Park plan approved", MENU, PARAGRAPHS, "Related articles", teasers)
    text = clean_dump(page).text
    assert PARAGRAPHS[-1] in text
    assert not any(t in text for t in teasers)


def test_sub_headings_and_quotes_stay_in_order():
    quote = "“We have waited a long time for this, and we are very happy today.”"
    page = dump("Park plan approved", MENU, PARAGRAPHS[:2], "What happens next",
                quote, PARAGRAPHS[2:], "Contact")
    blocks = clean_dump(page).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("p", PARAGRAPHS[0]), ("p", PARAGRAPHS[1]), ("h", "What happens next"),
        ("quote", quote), ("p", PARAGRAPHS[2]), ("p", PARAGRAPHS[3])]


def test_boilerplate_phrasing_in_german_is_recognised():
    article = [
        "Der Gemeinderat hat am Dienstag beschlossen, dass auf dem alten Bahngelände ein "
        "öffentlicher Park entstehen soll, und damit einen langen Streit beendet.",
        "Viele Anwohner waren zu der Sitzung gekommen, um das Ergebnis zu hören, und sie "
        "freuten sich sehr über die Entscheidung des Rates.",
        "Die Arbeiten sollen im Frühjahr beginnen, und der erste Teil des Parks soll noch "
        "vor dem Ende des nächsten Jahres für alle offen sein.",
    ]
    page = dump("Park auf dem Bahngelände | Stadtanzeiger", ["Startseite", "Politik", "Sport"],
                "Zum Inhalt springen", article, "Das könnte Sie auch interessieren",
                "Neue Buslinie fährt ab Montag durch die Altstadt und den Hafen",
                "Impressum", "Datenschutz", "Alle Rechte vorbehalten")
    cleaned = clean_dump(page)
    assert cleaned.lang == "de"
    assert [b.text for b in cleaned.blocks] == article


def test_lines_recurring_across_pages_of_a_site_are_boilerplate():
    promo = ("Our journalism is funded by readers like you, so please consider a small "
             "monthly donation to keep local news alive.")
    pages, bodies = [], []
    for n in range(3):
        body = [f"{para[:-1]}, as the report number {n} of this series explains to readers."
                for para in PARAGRAPHS[n:n + 2]]
        bodies.append(body)
        pages.append(dump(f"Story {n} | Gazette", MENU, body, promo))
    evidence = SiteEvidence.from_pages(("gazette.example", p) for p in pages)
    assert promo in clean_dump(pages[0], "https://gazette.example/1").text
    cleaned = clean_dump(pages[0], "https://gazette.example/1", evidence)
    assert [b.text for b in cleaned.blocks] == bodies[0]


def test_a_cyrillic_page():
    article = [
        "Міська рада у вівторок ухвалила рішення перетворити старе залізничне депо на "
        "громадський парк, і це завершило суперечку, яка тривала майже десять років.",
        "Мешканці давно просили більше зелених зон, і багато з них прийшли на засідання, "
        "щоб почути результат голосування.",
        "Роботи мають початися навесні, а перша частина парку відкриється для всіх ще до "
        "кінця наступного року.",
    ]
    page = dump("Депо стане парком — Міські новини", ["Головна", "Новини", "Спорт"],
                "Депо стане парком", "Автор: Олена Коваль", "4 березня 2024", article,
                "Читайте також", "У місті відкрили нову бібліотеку для дітей та молоді",
                "© 2024 Міські новини. Всі права захищені.")
    cleaned = clean_dump(page)
    assert cleaned.title == "Депо стане парком"
    assert cleaned.author == "Олена Коваль"
    assert cleaned.date == date(2024, 3, 4)
    assert cleaned.lang == "uk"
    assert [b.text for b in cleaned.blocks] == article


def test_a_page_with_no_article_gives_no_blocks():
    page = dump("Search results | Gazette", MENU, "Search", "No results found",
                "Sign in", "Privacy policy", "© 2024 Gazette")
    assert clean_dump(page).blocks == []


def test_hard_wrapped_paragraphs_are_rejoined_and_soft_hyphens_dropped():
    wrapped = ["The town council voted on Tuesday to turn the old rail\u00adway yard",
               "into a public park, ending a dispute that had lasted for almost",
               "ten years."]
    page = dump("Park plan approved", MENU, wrapped, PARAGRAPHS[1:])
    blocks = clean_dump(page).blocks
    assert blocks[0].text == ("The town council voted on Tuesday to turn the old railway yard "
                              "into a public park, ending a dispute that had lasted for almost "
                              "ten years.")
    assert [b.text for b in blocks[1:]] == PARAGRAPHS[1:]


def test_captions_ending_in_a_picture_credit_are_dropped():
    caption = "The old railway yard seen from the river bridge last summer. Photo: Jane Doe/Gazette"
    page = dump("Park plan approved", MENU, PARAGRAPHS[:2], caption, PARAGRAPHS[2:])
    assert [b.text for b in clean_dump(page).blocks] == PARAGRAPHS


def test_links_to_other_pages_and_teaser_excerpts_are_dropped():
    read_also = "Read also: Council approves the new budget for schools and roads"
    excerpt = ("The bakery on the market square opened its doors on Saturday, and the queue "
               "reached around the block before noon.")
    page = dump("Park plan approved", MENU, PARAGRAPHS[:2], read_also, PARAGRAPHS[2:],
                excerpt, "Continue reading »", "Contact")
    assert [b.text for b in clean_dump(page).blocks] == PARAGRAPHS


def test_prose_after_the_article_and_a_block_of_buttons_is_dropped():
    bio = ("Maria Lopez has covered local politics for the Gazette since 2015 and lives "
           "by the river.")
    buttons = ["Share", "Facebook", "Twitter", "Email", "Tags", "Parks", "Council"]
    page = dump("Park plan approved", MENU, PARAGRAPHS[:2], "Advertisement", PARAGRAPHS[2:],
                buttons, bio, "Contact")
    assert [b.text for b in clean_dump(page).blocks] == PARAGRAPHS


def test_short_lines_recurring_with_other_numbers_are_boilerplate_too():
    pages = [dump(f"Story {n} | Gazette", MENU, PARAGRAPHS[n],
                  f"{n + 3} readers liked this story and {7 * n + 1} of them shared it today.")
             for n in range(3)]
    evidence = SiteEvidence.from_pages(("gazette.example", p) for p in pages)
    assert "readers liked" in clean_dump(pages[0], "https://gazette.example/1").text
    cleaned = clean_dump(pages[0], "https://gazette.example/1", evidence)
    assert [b.text for b in cleaned.blocks] == PARAGRAPHS[:1]
