"""A small hand-written site for the search tests, and a build of it with its index.

Forty-odd English articles are made from short topic paragraphs so that words recur
across articles (and ranking matters); a few more are Ukrainian, Russian, accented, and
one is hostile (markup in its title and body). No test lives here.
"""

from __future__ import annotations

from pathlib import Path

from conftest import article, write

from sitegen.build import BuildOptions, build_site

TOPICS = {
    "tides": ["The tide rises twice a day along the estuary.",
              "Spring tides follow the new and the full moon.",
              "A tide table lists high water for every harbour."],
    "bread": ["Sourdough bread rises slowly with wild yeast.",
              "A rye loaf needs a long proof and a hot oven.",
              "Bakers fold the dough to build its strength."],
    "solar": ["Solar panels turn sunlight into electricity on the roof.",
              "A home battery stores the energy for the evening.",
              "Inverters convert the current for the kitchen."],
    "birds": ["Swifts spend months on the wing without landing.",
              "Migrating birds navigate by the stars and the field of the earth.",
              "The dawn chorus starts with the robin and the blackbird."],
    "running": ["Easy runs build the base for a marathon.",
              "Runners drink water before the heat of the afternoon.",
              "A training block ends with a taper before the race."],
}
RARE = ["quokka", "zeppelin", "marzipan", "obsidian", "kelpie", "tamarind", "glockenspiel",
        "haberdasher", "isthmus", "juniper", "kumquat", "lichen", "mandolin", "nautilus",
        "origami", "pangolin", "quasar", "rhubarb", "saffron", "tundra", "ukulele", "vellum",
        "walrus", "xylophone", "yarrow", "zither", "abacus", "bergamot", "cormorant",
        "dulcimer", "egret", "fjord", "gazebo", "hibiscus", "ibis", "jackal", "kestrel",
        "lantern", "mongoose", "nutmeg"]
EXTRA = {
    "kyiv-bread.md": article("Київський хліб", "Хліб у Києві печуть щодня. Про п’ять "
                             "сортів хліба розповідає «Пекарня на Подолі». Хлібом "
                             "пригощають гостей.", date="2023-03-01", lang="uk",
                             tags="[bread]"),
    "lviv-coffee.md": article("Кава у Львові", "У Львові варять каву з кардамоном. "
                              "Львівська кав’ярня відкрилася на площі Ринок.",
                              date="2023-04-01", lang="uk"),
    "moscow-metro.md": article("Новые станции метро", "В Москве открыли новые станции "
                               "метро. Пассажиры хвалят новую линию.", date="2023-05-01",
                               lang="ru"),
    "cafe.md": article("Café crème at dawn", "The café serves crème brûlée and a naïve "
                       "latte to early readers.", date="2023-06-01"),
    "hostile.md": article('<script>alert("title")</script> <img src=x onerror=alert(1)> '
                          'hostile quokka', 'Body with <script>alert("body")</script> and '
                          '<img src=x onerror="alert(2)"> markup about the hostile quokka.',
                          date="2023-07-01"),
}


def corpus_article(i: int) -> str:
    """Article i: two topics' paragraphs, a rare word of its own, a date, a tag."""
    names = list(TOPICS)
    first, second = names[i % 5], names[(i // 5) % 5]
    body = " ".join(TOPICS[first][j] for j in range(3) if (i + j) % 3) + "\n\n" + \
        " ".join(TOPICS[second][(i + 1) % 3:]) + f"\n\nIt mentions the {RARE[i]} " \
        f"and the {RARE[(i + 7) % len(RARE)]}s of article {i}."
    date = f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}"
    return article(f"Notes on {first} number {i}", body, date=date, tags=f"[{first}]")


def write_site(root: Path) -> Path:
    write(root, "sitegen.toml", 'title = "Search test"\nbase_url = "https://example.org/s/"\n')
    for i in range(len(RARE)):
        write(root, f"content/notes-{i:02d}.md", corpus_article(i))
    for name, text in EXTRA.items():
        write(root, f"content/{name}", text)
    return root


def build(root: Path) -> Path:
    """Build the site into root/public, search index included; returns the output folder."""
    output = root / "public"
    build_site(BuildOptions(source=root, output=output))
    return output
