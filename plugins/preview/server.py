"""The preview's HTTP server: the site from output/ (or from memory, for a page the fast path just rendered),
live reload by server-sent events, build errors shown in the open page.

Server-sent events rather than the livereload package: one long-lived HTTP response per tab, sent by the
standard library's ``http.server`` (no WebSocket, no extra dependency), and ``EventSource`` reconnects by
itself when the server restarts. The reload script is added to the HTML as it is served; nothing of it is
ever written into ``output/``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import os
import posixpath
import queue
import select
import socket
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

logger = logging.getLogger(__name__)

EVENTS_PATH = "/__preview/events"
CLIENT_SCRIPT = (Path(__file__).with_name("client.js")).read_text(encoding="utf-8")
KEEPALIVE_SECONDS = 15.0
CLOSED_CHECK_SECONDS = 0.5  # how soon a closed tab stops counting as open
MAX_REFUSED_HOSTS_LOGGED = 100  # each refused Host is logged once, up to this many


@dataclass(eq=False)
class Client:
    """One open tab: the page it shows and the events waiting for it."""

    page: str
    events: queue.Queue = field(default_factory=queue.Queue)


class PreviewState:
    """What the server serves: the site folder, pages rendered in memory, the current build errors, the tabs."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.refused_hosts: set[str] = set()  # Host headers refused so far (each logged once)
        self.lock = threading.Lock()
        self.memory: dict[str, tuple[bytes, int]] = {}  # output path -> (page, change it was rendered for)
        self.errors: list[str] = []
        self.clients: list[Client] = []
        self.served: dict[str, str] = {}  # page -> digest of what the tabs showing it were served
        self.stopping = threading.Event()

    # -- reading the site ----------------------------------------------------------------------------------
    def read(self, relative: str) -> bytes | None:
        """The bytes served for an output path: the in-memory page first, then the file."""
        with self.lock:
            held = self.memory.get(relative)
        if held is not None:
            return held[0]
        path = self.site_file(relative)
        if path is None:
            return None
        try:
            return path.read_bytes()
        except (OSError, ValueError):
            return None

    def site_file(self, relative: str) -> Path | None:
        """The file or folder of ``output/`` at ``relative`` with every symlink resolved, or None when it does
        not exist or resolves outside ``output/`` (a symlink to ``/etc/passwd`` is never followed)."""
        try:
            root = os.path.realpath(self.site)
            real = os.path.realpath(os.path.join(root, relative))
            exists = os.path.exists(real)
        except (OSError, ValueError):
            return None
        if not exists or os.path.commonpath([root, real]) != root:
            return None
        return Path(real)

    def remember_served(self, page: str, body: bytes) -> None:
        with self.lock:
            self.served[page] = digest(body)

    # -- updates from the builds ---------------------------------------------------------------------------
    def put_pages(self, pages: dict[str, str], change: int) -> None:
        with self.lock:
            for relative, text in pages.items():
                self.memory[relative] = (text.encode("utf-8"), change)

    def forget_pages_up_to(self, change: int) -> None:
        """``output/`` now holds what a build started after ``change`` wrote: drop the older in-memory pages."""
        with self.lock:
            self.memory = {key: value for key, value in self.memory.items() if value[1] > change}

    def set_errors(self, errors: list[str]) -> None:
        with self.lock:
            self.errors = list(errors)
        if errors:
            self.broadcast("build-error", json.dumps({"errors": errors}))
        else:
            self.broadcast("build-ok", "{}")

    def reload_changed(self) -> int:
        """Send ``reload`` to every tab whose page is no longer what it was served; returns how many."""
        with self.lock:
            clients = list(self.clients)
        sent = 0
        for client in clients:
            relative = page_file(client.page)
            body = self.read(relative) if relative else None
            if body is None:
                continue
            now = digest(body)
            with self.lock:
                before = self.served.get(client.page)
            if before is not None and before != now:
                client.events.put(("reload", "{}"))
                sent += 1
        return sent

    def broadcast(self, event: str, data: str) -> None:
        with self.lock:
            clients = list(self.clients)
        for client in clients:
            client.events.put((event, data))

    def add_client(self, page: str, served: str | None = None) -> Client:
        """A tab connects (or reconnects, once it is visible again): it gets the current errors, or ``build-ok``;
        and ``reload`` at once when its page changed since it was served (``served``: that page's digest)."""
        client = Client(page)
        with self.lock:
            self.clients.append(client)
            errors = list(self.errors)
        relative = page_file(page) if served else None
        body = self.read(relative) if relative else None
        if body is not None and digest(body) != served:
            client.events.put(("reload", "{}"))
        if errors:
            client.events.put(("build-error", json.dumps({"errors": errors})))
        else:
            client.events.put(("build-ok", "{}"))
        return client

    def remove_client(self, client: Client) -> None:
        with self.lock:
            if client in self.clients:
                self.clients.remove(client)

    def open_pages(self) -> list[str]:
        with self.lock:
            return sorted({client.page for client in self.clients})


class InvalidPathError(ValueError):
    """A request path that names no file: bad percent-escapes, a NUL or another control character."""


def decoded_path(url_path: str) -> str:
    """The URL path percent-decoded; :class:`InvalidPathError` when it cannot name a file."""
    if not url_path.startswith("/"):
        raise InvalidPathError(url_path)
    try:
        path = unquote(url_path, errors="strict")
    except UnicodeDecodeError as error:
        raise InvalidPathError(url_path) from error
    if any(ord(character) < 32 or ord(character) == 127 for character in path):
        raise InvalidPathError(url_path)
    return path


def page_file(url_path: str) -> str | None:
    """The output path (``2019/03/x/index.html``) of a URL path, or None when it leaves the site or cannot
    name a file."""
    try:
        path = posixpath.normpath(decoded_path(url_path))
    except InvalidPathError:
        return None
    if path in ("", ".", "/"):
        return "index.html"
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") for part in parts):
        return None
    relative = "/".join(parts)
    if url_path.endswith("/"):
        relative += "/index.html"
    return relative


def digest(body: bytes) -> str:
    """What identifies a page as served: a digest of its bytes (before the script is added)."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def inject(body: bytes, errors: list[str]) -> bytes:
    """The page with the preview's script (the current errors, and the page's digest, which the tab sends back
    when it connects to the events, so that it reloads at once if the page changed meanwhile) before ``</body>``."""
    data = json.dumps({"errors": errors, "served": digest(body)}).replace("<", "\\u003c")
    script = f'<script id="preview-live" data-state="{quote(data)}">{CLIENT_SCRIPT}</script>'.encode()
    index = body.lower().rfind(b"</body>")
    if index < 0:
        return body + script
    return body[:index] + script + body[index:]


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD of the site, the events stream, 404 pages and folder redirects."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def do_GET(self) -> None:
        self.respond(head=False)

    def respond(self, head: bool) -> None:
        state = self.server.state
        if not self.host_allowed(head):
            return
        url = urlsplit(self.path)
        try:
            decoded_path(url.path)
        except InvalidPathError:
            self.send_plain(HTTPStatus.BAD_REQUEST, "This address names no file of the site.\n", head)
            return
        if url.path == EVENTS_PATH and not head:
            query = parse_qs(url.query)
            self.stream_events(query.get("page", ["/"])[0], query.get("served", [None])[0])
            return
        relative = page_file(url.path)
        if relative is None:
            self.send_page(HTTPStatus.NOT_FOUND, "404.html", state, head)
            return
        found = state.site_file(relative)
        if not url.path.endswith("/") and found is not None and found.is_dir():
            location = url.path + "/" + (f"?{url.query}" if url.query else "")
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = state.read(relative)
        if body is None:
            self.send_page(HTTPStatus.NOT_FOUND, "404.html", state, head)
            return
        if relative.endswith(".html"):
            state.remember_served(url.path, body)
        self.send_body(HTTPStatus.OK, relative, body, state, head)

    def host_allowed(self, head: bool = False) -> bool:
        """Whether the request's Host is one this preview answers (its own address, ``127.0.0.1:PORT``,
        ``localhost:PORT`` or one given with ``--allow-host``); otherwise 421 is sent. A page of another site
        that reaches this port through DNS rebinding names its own host, so it never reads a page or a draft."""
        host = (self.headers.get("Host") or "").strip().lower()
        if host in self.server.allowed_hosts:
            return True
        state = self.server.state
        with state.lock:
            first = host not in state.refused_hosts and len(state.refused_hosts) < MAX_REFUSED_HOSTS_LOGGED
            if first:
                state.refused_hosts.add(host)
        if first:
            logger.warning(
                "Preview: refused a request for Host %r (not this preview's address); to open the preview under "
                "that name, start it with --allow-host=%s",
                host,
                host if host.isascii() and host.isprintable() and host else "NAME",
            )
        self.send_plain(HTTPStatus.MISDIRECTED_REQUEST, "This preview answers only its own address.\n", head)
        self.close_connection = True
        return False

    def send_plain(self, status: HTTPStatus, text: str, head: bool) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def send_page(self, status: HTTPStatus, relative: str, state: PreviewState, head: bool) -> None:
        body = state.read(relative)
        if body is None:
            body = f"<!doctype html><title>{status.phrase}</title><h1>{status.phrase}</h1>".encode()
            relative = "error.html"
        self.send_body(status, relative, body, state, head)

    def send_body(self, status: HTTPStatus, relative: str, body: bytes, state: PreviewState, head: bool) -> None:
        content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        if relative.endswith(".html"):
            with state.lock:
                errors = list(state.errors)
            body = inject(body, errors)
            content_type = "text/html; charset=utf-8"
        elif content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def stream_events(self, page: str, served: str | None = None) -> None:
        state = self.server.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        client = state.add_client(page, served)
        try:
            self.wfile.write(b"retry: 500\n: connected\n\n")
            self.wfile.flush()
            quiet = 0.0
            while not state.stopping.is_set():
                try:
                    event, data = client.events.get(timeout=CLOSED_CHECK_SECONDS)
                except queue.Empty:
                    if self.peer_closed():
                        break
                    quiet += CLOSED_CHECK_SECONDS
                    if quiet >= KEEPALIVE_SECONDS:
                        self.wfile.write(b": keep-alive\n\n")
                        quiet = 0.0
                else:
                    if event == "stop":
                        break
                    self.wfile.write(f"event: {event}\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except OSError:
            pass  # the tab was closed
        finally:
            state.remove_client(client)

    def peer_closed(self) -> bool:
        """Whether the tab closed its end (an events stream never sends anything after its request)."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        if not readable:
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server on the loopback address by default; each request in its own daemon thread."""

    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], state: PreviewState, allow_hosts: tuple[str, ...] = ()) -> None:
        self.state = state
        super().__init__(address, PreviewHandler)
        self.allowed_hosts = allowed_hosts(address[0], self.server_address[1], allow_hosts)

    def stop(self) -> None:
        """Stop serving, end every events stream, and free the port."""
        self.state.stopping.set()
        self.state.broadcast("stop", "")
        self.shutdown()
        self.server_close()


def allowed_hosts(bound: str, port: int, extra: tuple[str, ...] = ()) -> frozenset[str]:
    """The Host headers served: the bound address, ``127.0.0.1`` and ``localhost`` with the port, and each
    ``--allow-host`` name (with the port unless it names one; without it too on port 80)."""
    names = {bound, "127.0.0.1", "localhost", *extra}
    hosts = set()
    for name in names:
        name = name.strip().lower()
        if not name:
            continue
        if ":" in name and not name.startswith("["):
            if name.count(":") == 1:  # name:port, as given
                hosts.add(name)
                continue
            name = f"[{name}]"  # an IPv6 address
        elif name.startswith("[") and not name.endswith("]"):  # [::1]:port, as given
            hosts.add(name)
            continue
        hosts.add(f"{name}:{port}")
        if port == 80:
            hosts.add(name)
    return frozenset(hosts)


def site_folder(output: str) -> Path:
    return Path(os.path.abspath(output))
