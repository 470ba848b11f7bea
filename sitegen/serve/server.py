"""HTTP for `sitegen serve`: the built site under its base path, the live-reload client
and the Server-Sent Events stream that tells open pages what each build changed.

A reload after a save must never be answered from a stale cache, yet it should not
fetch again the stylesheets and scripts that did not change: files are sent with
`Cache-Control: no-cache` (use only after asking) and an ETag made of the file's inode,
size and nanosecond mtime (If-Modified-Since only has one-second precision; the build
replaces every file it writes, so a rewritten file has a new inode), and a request
whose If-None-Match still matches gets a bodiless 304.
"""

from __future__ import annotations

import errno
import hashlib
import html
import json
import mimetypes
import os
import posixpath
import queue
import shutil
import socket
import socketserver
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sitegen.errors import SitegenError

RESERVED = "/__sitegen/"  # served at the root whatever the base path, never part of a site
CLIENT_URL = RESERVED + "livereload.js"
EVENTS_URL = RESERVED + "events"
SNIPPET = f'<script src="{CLIENT_URL}" async></script>'  # what serve builds add before </body>
KEEPALIVE = 15.0  # seconds between SSE comments, so dead connections are noticed
CLIENT_JS = resources.files(__package__).joinpath("livereload.js").read_text(encoding="utf-8")
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json",
         ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
         ".svg": "image/svg+xml", ".woff2": "font/woff2"}


class ServeError(SitegenError):
    """The server cannot start (busy port, address not available)."""


class Hub:
    """Fans events out to every connected page; remembers the state newcomers are told."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[queue.SimpleQueue[dict | None]] = set()
        self.state: dict[str, Any] = {"build": "", "base": "/", "problems": []}

    def subscribe(self) -> queue.SimpleQueue[dict | None]:
        inbox: queue.SimpleQueue[dict | None] = queue.SimpleQueue()
        with self._lock:
            inbox.put({"type": "hello", **self.state})
            self._subscribers.add(inbox)
        return inbox

    def unsubscribe(self, inbox: queue.SimpleQueue[dict | None]) -> None:
        with self._lock:
            self._subscribers.discard(inbox)

    def publish(self, event: dict[str, Any]) -> None:
        """Send `event` to every page; its build, base and problems become the state."""
        with self._lock:
            self.state = {k: event[k] for k in ("build", "base", "problems")}
            for inbox in self._subscribers:
                inbox.put(event)

    def close(self) -> None:
        """End every event stream (the server is stopping)."""
        with self._lock:
            for inbox in self._subscribers:
                inbox.put(None)
            self._subscribers.clear()


@dataclass
class Site:
    """What the handler serves; `base_path` follows sitegen.toml between builds."""

    output: Path
    hub: Hub = field(default_factory=Hub)

    @property
    def base_path(self) -> str:
        return self.hub.state["base"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once, no 40 ms delayed ACK
    server: LiveServer

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: the terminal is for build results."""

    def _respond(self, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        base = self.server.site.base_path
        if path == CLIENT_URL:
            self._send_client(send_body)
        elif path == EVENTS_URL:
            self._stream_events()
        elif path.startswith(base) and not path.startswith(RESERVED):
            self._send_site_file(path, path[len(base):], send_body)
        elif path in ("/", base.rstrip("/")):
            self._redirect(base)
        else:
            self._send_missing(send_body)

    def _send_client(self, send_body: bool) -> None:
        boot = json.dumps({"build": self.server.site.hub.state["build"]})
        body = CLIENT_JS.replace("__SITEGEN_BOOT__", boot).encode()
        tag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
        if not self._unchanged(tag):
            self._send(200, TYPES[".js"], body, send_body, tag)

    def _send_site_file(self, path: str, rel: str, send_body: bool) -> None:
        output = self.server.site.output
        rel = posixpath.normpath("/" + rel).lstrip("/")
        target = output / rel if rel else output
        if target.is_dir():
            if not path.endswith("/"):
                self._redirect(path + "/")
                return
            target = target / "index.html"
        if not target.is_file():
            self._send_missing(send_body)
            return
        self._send_file(200, target, send_body)

    def _send_missing(self, send_body: bool) -> None:
        """The site's own 404 page; a bare one before the site has ever built."""
        page = self.server.site.output / "404.html"
        if page.is_file():
            self._send_file(404, page, send_body)
            return
        base = html.escape(self.server.site.base_path)
        body = (f'<!doctype html><meta charset="utf-8"><title>Not found</title>'
                f'<p>Nothing here. The site is at <a href="{base}">{base}</a>.</p>'
                f"{SNIPPET}\n").encode()
        self._send(404, TYPES[".html"], body, send_body)

    def _send_file(self, status: int, path: Path, send_body: bool) -> None:
        kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
        try:
            with path.open("rb") as fh:
                st = os.fstat(fh.fileno())  # of the file opened: a rebuild may replace it
                tag = f'"{st.st_ino:x}-{st.st_size:x}-{st.st_mtime_ns:x}"' \
                    if status == 200 else ""
                if tag and self._unchanged(tag):
                    return
                self._send_head(status, kind or "application/octet-stream", st.st_size, tag)
                if send_body:
                    shutil.copyfileobj(fh, self.wfile)
        except FileNotFoundError:  # a rebuild removed it just now
            self._send(404, TYPES[".txt"], b"gone\n", send_body)

    def _unchanged(self, tag: str) -> bool:
        """Answer 304 if the browser's copy is still current."""
        if tag not in (self.headers.get("If-None-Match") or "").split(", "):
            return False
        self.send_response(304)
        self.send_header("ETag", tag)
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return True

    def _send(self, status: int, kind: str, body: bytes, send_body: bool,
              tag: str = "") -> None:
        self._send_head(status, kind, len(body), tag)
        if send_body:
            self.wfile.write(body)

    def _send_head(self, status: int, kind: str, length: int, tag: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        if tag:
            self.send_header("ETag", tag)
        self.send_header("Cache-Control", "no-cache" if tag else "no-store")
        self.end_headers()

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream_events(self) -> None:
        """One page's event stream: the state on connect, then every build's event."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        hub = self.server.site.hub
        inbox = hub.subscribe()
        try:
            self.wfile.write(b"retry: 500\n\n")  # reconnect quickly after a restart
            while True:
                try:
                    event = inbox.get(timeout=KEEPALIVE)
                except queue.Empty:
                    self.wfile.write(b": keepalive\n\n")
                    continue
                if event is None:
                    return
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
        except OSError:  # the page went away
            return
        finally:
            hub.unsubscribe(inbox)


class LiveServer(ThreadingHTTPServer):
    """A threading server whose bind skips http.server's reverse DNS lookup."""

    daemon_threads = True

    def __init__(self, bind: str, port: int, site: Site):
        self.site = site
        if ":" in bind:
            self.address_family = socket.AF_INET6
        super().__init__((bind, port), Handler)

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def url(self) -> str:
        host = self.server_name
        host = {"0.0.0.0": "127.0.0.1", "::": "[::1]", "": "127.0.0.1"}.get(host) or (
            f"[{host}]" if ":" in host else host)
        return f"http://{host}:{self.server_port}{self.site.base_path}"


def open_server(bind: str, port: int, site: Site) -> LiveServer:
    """Bind now (so a busy port is reported before any build), serve later."""
    try:
        return LiveServer(bind, port, site)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {bind} is already in use (another sitegen "
                             f"serve?); choose another with --port, or --port 0 to pick "
                             f"a free one") from None
        raise ServeError(f"cannot listen on {bind}:{port}: {exc.strerror or exc}") from None
