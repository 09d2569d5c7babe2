"""A fault-injecting HTTP server for fetch tests (and the fetch benchmark), on a loopback address.

Each route is a function of the request handler, so a route can misbehave in any way a real server
does: drip bytes, reset the connection, loop redirects, answer 429 and then 200, stream a gigabyte
(lazily, never held in memory), or send a gzip bomb.

    server = FaultServer().start()
    url = server.static("/p", body="<p>42</p>")
    url = server.sequence("/flaky", [(503, {}, b""), (200, {}, b"<p>ok</p>")])
    ...
    server.stop()
"""

from __future__ import annotations

import gzip
import http.server
import socket
import socketserver
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable

Route = Callable[[http.server.BaseHTTPRequestHandler], None]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms delayed-ACK stall
    server: _Server

    def do_GET(self):  # noqa: N802 - http.server's name
        ctl = self.server.ctl
        path = self.path.split("?")[0]
        with ctl.lock:
            ctl.hits[path] += 1
            ctl.active += 1
            ctl.max_active = max(ctl.max_active, ctl.active)
        try:
            route = ctl.routes.get(path)
            if route is None:
                send(self, 404, {"Content-Type": "text/html"}, b"<p>no such page</p>")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, socket.timeout):
            self.close_connection = True
        finally:
            with ctl.lock:
                ctl.active -= 1

    def log_message(self, *args):
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    ctl: FaultServer

    def handle_error(self, request, client_address):
        pass  # a client that hangs up mid-fault is what these tests do on purpose


def send(handler, status: int, headers: dict[str, str], body: bytes) -> None:
    handler.send_response(status)
    for k, v in headers.items():
        handler.send_header(k, v)
    if "Content-Length" not in headers:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()


def send_chunked(handler, status: int, headers: dict[str, str], chunks: Iterable[bytes]) -> None:
    handler.send_response(status)
    for k, v in headers.items():
        handler.send_header(k, v)
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    for chunk in chunks:
        if chunk:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    handler.wfile.write(b"0\r\n\r\n")
    handler.wfile.flush()


class FaultServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self._server = _Server((host, port), _Handler)
        self._server.ctl = self
        self.host, self.port = self._server.server_address[:2]
        self.base = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, fn: Route) -> str:
        self.routes[path] = fn
        return self.url(path)

    # -- well-behaved answers -------------------------------------------------------------------

    def static(self, path: str, status: int = 200, ctype: str = "text/html; charset=utf-8", body: bytes | str = b"",
               headers: dict[str, str] | None = None) -> str:
        data = body.encode() if isinstance(body, str) else body
        hdrs = {"Content-Type": ctype, **(headers or {})}
        return self.route(path, lambda h: send(h, status, hdrs, data))

    def sequence(self, path: str, answers: list[tuple[int, dict[str, str], bytes | str]]) -> str:
        """The n-th request gets the n-th answer; the last one repeats."""
        def route(h):
            status, headers, body = answers[min(self.hits[path], len(answers)) - 1]
            data = body.encode() if isinstance(body, str) else body
            send(h, status, {"Content-Type": "text/html; charset=utf-8", **headers}, data)
        return self.route(path, route)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        return self.route(path, lambda h: send(h, status, {"Location": location}, b""))

    def slow(self, path: str, delay: float, body: bytes | str = b"<p>ok</p>") -> str:
        """Answers after `delay` seconds (the benchmark's 250 ms server)."""
        data = body.encode() if isinstance(body, str) else body

        def route(h):
            time.sleep(delay)
            with self.lock:
                self.active -= 1  # done "working": count out before answering, so a client that
            try:                  # sends its next request at once is never counted twice
                send(h, 200, {"Content-Type": "text/html; charset=utf-8"}, data)
            finally:
                with self.lock:
                    self.active += 1
        return self.route(path, route)

    # -- faults ---------------------------------------------------------------------------------

    def drip_body(self, path: str, interval: float = 1.0, length: int = 1000) -> str:
        """Headers at once, then one body byte every `interval` seconds."""
        def route(h):
            h.send_response(200)
            h.send_header("Content-Type", "text/plain")
            h.send_header("Content-Length", str(length))
            h.end_headers()
            h.wfile.flush()
            for _ in range(length):
                h.wfile.write(b"7")
                h.wfile.flush()
                time.sleep(interval)
        return self.route(path, route)

    def drip_headers(self, path: str, interval: float = 0.25) -> str:
        """The status line, then the headers one byte at a time."""
        def route(h):
            h.wfile.write(b"HTTP/1.1 200 OK\r\n")
            h.wfile.flush()
            for byte in b"X-Slow: " + b"a" * 10000:
                h.wfile.write(bytes([byte]))
                h.wfile.flush()
                time.sleep(interval)
        return self.route(path, route)

    def reset_mid_body(self, path: str, sent: int = 5000, declared: int = 100_000) -> str:
        """Promises `declared` bytes, sends `sent`, then resets the connection (RST)."""
        def route(h):
            h.send_response(200)
            h.send_header("Content-Type", "text/plain")
            h.send_header("Content-Length", str(declared))
            h.end_headers()
            h.wfile.write(b"x" * sent)
            h.wfile.flush()
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.close_connection = True
            h.connection.close()
        return self.route(path, route)

    def huge(self, path: str, size: int = 1 << 30, declare_length: bool = False) -> str:
        """`size` bytes of text made on the fly (never built in memory), chunked unless `declare_length`."""
        block = (b"The count was 42. " * 3641)[:65536]

        def chunks():
            left = size
            while left > 0:
                yield block[:left]
                left -= len(block)

        def route(h):
            headers = {"Content-Type": "text/plain"}
            if declare_length:
                h.send_response(200)
                h.send_header("Content-Type", "text/plain")
                h.send_header("Content-Length", str(size))
                h.end_headers()
                for c in chunks():
                    h.wfile.write(c)
            else:
                send_chunked(h, 200, headers, chunks())
        return self.route(path, route)

    def gzip_bomb(self, path: str, inflated: int = 1 << 30) -> str:
        """A gzip body of zeros (about 1 KB per MB) that inflates to `inflated` bytes: gzip members, concatenated."""
        member = gzip.compress(b"\0" * (16 << 20), compresslevel=9)
        count = max(1, inflated // (16 << 20))
        headers = {"Content-Type": "text/plain", "Content-Encoding": "gzip",
                   "Content-Length": str(len(member) * count)}

        def route(h):
            h.send_response(200)
            for k, v in headers.items():
                h.send_header(k, v)
            h.end_headers()
            for _ in range(count):
                h.wfile.write(member)
        return self.route(path, route)


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (for `connection refused`)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
