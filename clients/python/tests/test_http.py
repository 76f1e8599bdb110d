"""Pieces of the HTTP layer that the service cannot be made to exercise on demand."""
import email.utils
import json
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import mixup_client
from mixup_client._http import _dropped, _retry_after


def test_retry_after_is_seconds_or_an_http_date():
    assert _retry_after("3") == 3.0
    assert _retry_after("0.5") == 0.5
    assert _retry_after("-1") == 0.0
    in_a_minute = email.utils.formatdate(time.time() + 60, usegmt=True)
    assert 55 < _retry_after(in_a_minute) <= 60
    assert _retry_after(email.utils.formatdate(time.time() - 60, usegmt=True)) == 0.0
    assert _retry_after("soon") is None
    assert _retry_after(None) is None


def test_an_idle_connection_closed_by_the_other_side_is_not_reused():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert not _dropped(ours)
        theirs.close()
        assert _dropped(ours)
    assert _dropped(None)


class Pages(BaseHTTPRequestHandler):
    """Answers GET /v1/datasets in pages of two, as the design's list contract describes."""
    ITEMS = [{"id": f"d{i}", "name": f"n{i}", "samples": i} for i in range(5)]
    tokens = []

    def do_GET(self):
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("page_token", ["0"])[0]
        Pages.tokens.append(token)
        start = int(token)
        body = json.dumps({"items": self.ITEMS[start:start + 2],
                           "next": str(start + 2) if start + 2 < len(self.ITEMS) else None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_lists_in_pages_are_read_to_the_end():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        datasets = mixup_client.Client(f"http://127.0.0.1:{server.server_port}").datasets()
    finally:
        server.shutdown()
    assert [d.id for d in datasets] == ["d0", "d1", "d2", "d3", "d4"]
    assert Pages.tokens == ["0", "2", "4"]
