"""`sitegen serve` without a browser: the HTTP side, the event stream, the watcher."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import article, write
from serve_site.harness import REPO, ServeProcess, small_site

from sitegen.build import BuildOptions, build_site
from sitegen.serve import watch
from sitegen.serve.watch import Watcher, is_noise


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServeProcess]:
    proc = ServeProcess(small_site(tmp_path))
    yield proc
    proc.stop()


def get(url: str) -> tuple[int, str, str]:
    """Status, body and final URL, without following redirects blindly for 404s."""
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode(), resp.url
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), url


class Events:
    """Reads the server's event stream like a page does."""

    def __init__(self, origin: str):
        self.resp = urllib.request.urlopen(origin + "/__sitegen/events", timeout=20)

    def next(self) -> dict:
        """The next event, passing over search-index updates (serve's second build)."""
        while True:
            event = self._read()
            index_only = event["type"] == "change" and not event["pages"] and \
                not event["css"] and all(f.startswith("search/") for f in event["assets"])
            if not index_only:
                return event

    def _read(self) -> dict:
        while True:
            line = self.resp.readline().decode()
            assert line, "event stream closed"
            if line.startswith("data: "):
                return json.loads(line[6:])


def test_serves_the_site_under_its_sub_path_with_the_client(server: ServeProcess):
    assert server.url.endswith("/sub/")
    status, body, final = get(server.origin + "/")
    assert status == 200 and final == server.url and "Article one" in body
    status, body, _ = get(server.url + "one/")
    assert status == 200 and "Text of one." in body
    assert body.count('src="/__sitegen/livereload.js"') == 1
    status, body, _ = get(server.origin + "/__sitegen/livereload.js")
    assert status == 200 and "EventSource" in body
    status, body, _ = get(server.url + "nothing-here/")
    assert status == 404 and "Page not found" in body


def _fetch(url: str, tag: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"If-None-Match": tag} if tag else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_unchanged_files_are_revalidated_not_sent_again(server: ServeProcess):
    events = Events(server.origin)
    events.next()
    css = server.url + "assets/style.css"
    status, headers, body = _fetch(css)
    assert status == 200 and headers["Cache-Control"] == "no-cache" and body
    tag = headers["ETag"]
    status, _, body = _fetch(css, tag)
    assert status == 304 and body == b""
    write(server.source, "static/assets/style.css", "body { color: teal; }\n")
    events.next()
    status, headers, body = _fetch(css, tag)
    assert status == 200 and body == b"body { color: teal; }\n" and headers["ETag"] != tag
    status, headers, body = _fetch(server.url + "nothing-here/", tag)
    assert status == 404 and "ETag" not in headers and b"Page not found" in body


def test_requests_cannot_leave_the_output_folder(server: ServeProcess):
    host, port = server.origin.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/sub/../../../../etc/passwd")
    resp = conn.getresponse()
    assert resp.status == 404 and b"root:" not in resp.read()


def test_serve_output_stays_out_of_public_and_builds(server: ServeProcess):
    assert not (server.source / "public").exists()
    build_site(BuildOptions(source=server.source))
    assert not any("__sitegen" in p.read_text() for p in (server.source / "public").rglob("*.html"))


def test_events_tell_what_changed_and_report_errors(server: ServeProcess):
    events = Events(server.origin)
    hello = events.next()
    assert hello["type"] == "hello" and hello["base"] == "/sub/" and hello["problems"] == []
    write(server.source, "content/two.md", article("Article two", "New words.", date="2024-05-02"))
    change = events.next()
    assert change["type"] == "change" and "two/index.html" in change["pages"]
    assert "one/index.html" in change["pages"]  # its newer/older neighbour link
    assert change["build"] != hello["build"]
    write(server.source, "content/two.md", "---\ntitle: Two\ntags: [unclosed\n---\nText.\n")
    error = events.next()
    assert error["type"] == "error"
    assert any(p["where"].startswith("content/two.md:") for p in error["problems"])
    server.wait_for(r"content/two\.md:\d+")  # the terminal shows it too
    write(server.source, "content/two.md", article("Article two", "Fixed.", date="2024-05-02"))
    assert events.next()["problems"] == []


def test_stylesheet_change_is_announced_as_css_only(server: ServeProcess):
    events = Events(server.origin)
    events.next()
    write(server.source, "static/assets/style.css", "body { color: red; }\n")
    change = events.next()
    assert change["css"] == ["assets/style.css"] and change["pages"] == []


def test_new_client_is_told_about_a_standing_error(server: ServeProcess):
    write(server.source, "sitegen.toml", 'title = "Broken\n')
    server.wait_for("build failed")
    hello = Events(server.origin).next()
    assert [p["where"] for p in hello["problems"]] == ["sitegen.toml"]


def test_polling_observer_sees_saves(tmp_path: Path):
    proc = ServeProcess(small_site(tmp_path), "--poll")
    try:
        events = Events(proc.origin)
        events.next()
        write(proc.source, "content/three.md", article("Article three", "Polled.",
                                                       date="2024-05-01"))
        assert "three/index.html" in events.next()["pages"]
    finally:
        proc.stop()


def test_drafts_are_served_only_with_the_flag(tmp_path: Path):
    site = small_site(tmp_path)
    write(site, "content/wip.md", article("Work in progress", date="2024-05-04", draft="true"))
    for args, status in (((), 404), (("--drafts",), 200)):
        proc = ServeProcess(site, *args)
        try:
            assert get(proc.url + "wip/")[0] == status
        finally:
            proc.stop()


def test_the_theme_in_use_is_watched(tmp_path: Path):
    site = small_site(tmp_path)
    (site / "themes/own").mkdir(parents=True)
    (site / "templates").rename(site / "themes/own/templates")
    write(site, "sitegen.toml", 'theme = "own"\nbase_url = "https://example.org/sub/"\n')
    proc = ServeProcess(site)
    try:
        events = Events(proc.origin)
        events.next()
        template = site / "themes/own/templates/404.html"
        template.write_text(template.read_text().replace("Page not found", "Lost"))
        event = events.next()
        assert event.get("pages") == ["404.html"], event
        assert get(proc.url + "nowhere/")[1].count("Lost") == 1
    finally:
        proc.stop()


def test_ctrl_c_exits_cleanly(server: ServeProcess):
    assert server.stop() == 0
    assert "Stopped." in "".join(server.lines)


def test_ctrl_c_during_the_first_build_exits_cleanly(tmp_path: Path):
    site = small_site(tmp_path)
    for i in range(300):  # enough that the first build is still running when interrupted
        write(site, f"content/extra/n{i}.md", article(f"Extra {i}", date="2023-01-01"))
    proc = ServeProcess(site, wait=False)
    proc.wait_for("Building")
    assert proc.stop() == 0
    assert "Stopped." in "".join(proc.lines)


def test_busy_port_is_explained(tmp_path: Path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "sitegen", "serve", "--source",
                              str(small_site(tmp_path)), "--port", str(port)], cwd=REPO,
                             capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert f"port {port}" in run.stderr and "--port 0" in run.stderr


@pytest.mark.parametrize("name", ["a.md.swp", ".a.md.swx", "a.md~", ".#a.md", "4913", "a.tmp",
                                  "a.md___jb_tmp___", ".sitegen-cache/serve/x.html"])
def test_editor_scratch_files_are_noise(name: str):
    assert is_noise(name)


@pytest.mark.parametrize("name", ["a.md", "posts/a.md", "static/x_y.css", "sitegen.toml"])
def test_real_files_are_not_noise(name: str):
    assert not is_noise(name)


@pytest.mark.parametrize("poll", [False, True])
def test_burst_and_atomic_save_make_one_batch(tmp_path: Path, poll: bool):
    watcher = Watcher(poll=poll, quiet=0.3 if poll else 0.1)
    watcher.watch([(tmp_path, True)])
    watcher.start()
    try:
        time.sleep(0.2)
        tmp = write(tmp_path, "post.md.tmp", "draft")
        tmp.replace(tmp_path / "post.md")  # write-then-rename, as many editors save
        write(tmp_path, "4913", "")
        (tmp_path / "4913").unlink()
        batch = watcher.next_batch(timeout=5)
        assert batch == {str(tmp_path / "post.md")}
        assert watcher.next_batch(timeout=1.5) == set()
    finally:
        watcher.stop()


@pytest.fixture
def never_quiet(tmp_path: Path, monkeypatch) -> Iterator[Watcher]:
    """A watcher of tmp_path, which holds post.md, whose quiet period and longest burst
    never end in a test."""
    write(tmp_path, "post.md", "old")
    monkeypatch.setattr(watch, "LONGEST", 600)
    watcher = Watcher(quiet=600)
    watcher.watch([(tmp_path, True)])
    watcher.start()
    time.sleep(0.2)
    yield watcher
    watcher.stop()


def _read_batch(watcher: Watcher) -> tuple[threading.Thread, list[set[str]]]:
    got: list[set[str]] = []
    reader = threading.Thread(target=lambda: got.append(watcher.next_batch(timeout=60)),
                              daemon=True)
    reader.start()
    return reader, got


@pytest.mark.parametrize("save", ["in place", "atomic", "vim"])
def test_a_complete_save_is_handed_over_without_waiting_for_quiet(tmp_path: Path, save: str,
                                                                  never_quiet: Watcher):
    post = tmp_path / "post.md"
    reader, got = _read_batch(never_quiet)
    if save == "atomic":
        write(tmp_path, "post.md.tmp", "new").replace(post)
    elif save == "vim":  # move the old file away, write the new one, drop the backup
        post.replace(tmp_path / "post.md~")
        write(tmp_path, "post.md", "new")
        (tmp_path / "post.md~").unlink()
    else:
        write(tmp_path, "post.md", "new")
    reader.join(timeout=20)
    assert got == [{str(post)}]


def test_a_file_still_open_for_writing_is_not_handed_over(tmp_path: Path,
                                                          never_quiet: Watcher):
    reader, got = _read_batch(never_quiet)
    with (tmp_path / "post.md").open("w") as fh:
        fh.write("first half")
        fh.flush()
        reader.join(timeout=0.5)
        assert got == []
        fh.write(", second half")
    reader.join(timeout=20)
    assert got == [{str(tmp_path / "post.md")}]


# Run as `python -m stopper plain|serve`: Ctrl-C lands while exec'd text runs (as while
# a module that defines dataclasses loads), and the program handles it.
STOPPER = """
import os, signal, sys, threading
from contextlib import nullcontext
from sitegen.serve import ctrl_c_stops
with ctrl_c_stops() if sys.argv[1] == "serve" else nullcontext():
    threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
    try:
        exec("while True: pass")
    except KeyboardInterrupt:
        print("handled")
"""


def test_a_handled_ctrl_c_ends_serve_with_status_0_whatever_it_interrupted(tmp_path: Path):
    (tmp_path / "stopper.py").write_text(STOPPER)

    def run(mode: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "stopper", mode], cwd=tmp_path,
                              env={**os.environ, "PYTHONPATH": str(REPO)},
                              capture_output=True, text=True, timeout=60)

    plain = run("plain")
    assert plain.stdout.strip() == "handled"
    if plain.returncode == 0:
        pytest.skip("this Python does not turn a handled interrupt into a SIGINT exit")
    served = run("serve")
    assert (served.stdout.strip(), served.returncode) == ("handled", 0)
