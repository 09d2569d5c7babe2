import http.server
import socketserver
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        route = self.routes.get(self.path)
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        status, ctype, body = route
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


@pytest.fixture
def server():
    """A FaultServer on 127.0.0.1 (tests/fetch_server.py): static pages, faults, sequences, hit counts."""
    from tests.fetch_server import FaultServer

    s = FaultServer().start()
    yield s
    s.stop()


@pytest.fixture(autouse=True)
def _isolated_user_cache(tmp_path_factory, monkeypatch):
    """Never let a test (or a CLI it runs) read or write the user's real cache: platformdirs' user
    cache dir follows XDG_CACHE_HOME, and subprocesses inherit it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(autouse=True)
def _collector_restored():
    """A CLI run in this process sets the garbage collector for a run (citecheck/collector.py): each test
    starts with pytest's settings, and what a run set apart is collected again."""
    import gc

    from citecheck import collector

    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    collector._tuned = False


@pytest.fixture
def local_server():
    """A server on 127.0.0.1: `serve(path, status, content_type, body)` then `url(path)`."""
    routes: dict = {}
    handler = type("H", (_Handler,), {"routes": routes})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    class Ctl:
        base = f"http://127.0.0.1:{server.server_address[1]}"

        def serve(self, path, status=200, ctype="text/html; charset=utf-8", body=b""):
            routes[path] = (status, ctype, body if isinstance(body, bytes) else body.encode())
            return self.base + path

    yield Ctl()
    server.shutdown()
    server.server_close()
