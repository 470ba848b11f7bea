"""`sitegen new DIR`: a site that builds at once and knows how to get published.

Everything written is a starting point the user edits: settings with their defaults
spelled out, one article showing the front matter, and ready-made publishing recipes
for GitHub Pages and Netlify.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sitegen.errors import SitegenError

CONFIG = """\
# Settings for `sitegen build`; every key is optional and shows its default otherwise.
title = {title}
description = "Articles worth reading slowly."
# The address the site is published at: used by feeds, the sitemap and canonical links.
# The GitHub Pages workflow passes it with --base-url, so it can stay unset there.
# base_url = "https://USER.github.io/REPO/"
language = "en"
author = "Your Name"          # the default author of articles, also named in feeds
theme = "default"
permalink = "{{slug}}/"         # also {{year}}, {{month}}, {{day}}, {{lang}}

[pagination]                  # articles per page in each kind of list
home = 10
tag = 20
author = 20
archive = 50

[markdown]
allow_html = false            # raw HTML in articles is shown as text unless true

[feed]
entries = 20
full_content = true

[related]
count = 5                     # related articles listed under each article

[search]
enabled = true

# `sitegen deploy` with no arguments publishes here. Targets: git, dir, rsync.
# [deploy]
# target = "git"
# remote = "origin"           # a remote name, URL or path
# branch = "gh-pages"
# cname = "blog.example.org"  # for a custom domain on GitHub Pages
"""

ARTICLE = """\
---
title: {title}
date: {today}
tags: [welcome, writing]
summary: "What this site is, and how to add the next article."
---

This is the first article of **{name}**. Every article is one Markdown file in
`content/`; the block between the `---` lines at the top is its front matter.

## Writing the next one

1. Copy this file to `content/my-next-article.md` and change its front matter.
2. Run `sitegen serve` and open the address it prints: the page reloads as you save.
3. Run `sitegen check` before publishing: it finds broken links and missing images.

Tags group articles on their own pages, and related articles are found from the text,
so there is nothing else to set up.

## Publishing

Push the site to GitHub and turn on Pages with "GitHub Actions" as the source: the
workflow in `.github/workflows/pages.yml` builds and publishes every push to `main`.
Netlify reads `netlify.toml`. Or run `sitegen deploy dir PATH` (or `git`, or `rsync`).
"""

TEMPLATES_README = """\
Put a template here with the same name as one of the theme's (for example `article.html`
or `partials/...`) to override it; the rest of the theme is used as it is.
"""

GITIGNORE = "public/\n.sitegen-cache/\n"

WORKFLOW = """\
# Builds the site and publishes it on GitHub Pages.
# In the repository's Settings > Pages, set "Source" to "GitHub Actions".
name: Publish site

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - id: pages
        uses: actions/configure-pages@v5
      - name: Install sitegen
        # Pin a version for repeatable builds, e.g. pip install "sitegen==0.2.1"
        run: pip install sitegen
      - name: Build
        run: sitegen build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v4
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

NETLIFY = """\
# Netlify: build with sitegen and publish public/.
[build]
  command = "pip install sitegen && sitegen build"
  publish = "public"

[build.environment]
  PYTHON_VERSION = "3.12"
"""


def site_files(title: str, today: date) -> dict[str, str]:
    """Path -> text of every file of a new site."""
    return {
        "sitegen.toml": CONFIG.format(title=json.dumps(title, ensure_ascii=False)),
        "content/welcome.md": ARTICLE.format(
            title=json.dumps(f"Welcome to {title}", ensure_ascii=False), name=title,
            today=today.isoformat()),
        "templates/README.md": TEMPLATES_README,
        ".gitignore": GITIGNORE,
        ".github/workflows/pages.yml": WORKFLOW,
        "netlify.toml": NETLIFY,
    }


def new_site(dir: Path, title: str) -> None:
    """Scaffold a site in `dir`, which must be new or empty: nothing is ever overwritten."""
    if dir.exists() and (not dir.is_dir() or any(dir.iterdir())):
        raise SitegenError(f"{dir} already exists and is not empty; `sitegen new` only "
                           "writes into a new or empty folder, so it never overwrites files")
    for rel, text in site_files(title, date.today()).items():
        path = dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (dir / "static").mkdir()
