"""A TCP proxy in front of the service that breaks things on purpose, one request per connection.

Every forwarded request gets ``Connection: close``, so each request arrives on a connection of
its own and the faults below apply to exactly the requests they name:

- ``refuse(path_part, status, times, retry_after)``: answer 503 (or another status), with
  Retry-After unless it is None, without forwarding the request;
- ``drop(path_part, times)``: forward the request, then close before any answer byte returns
  (the service did the work, the client never hears of it);
- ``cut(path_part, after_bytes, times)``: forward, pass ``after_bytes`` of the answer, then close.

``requests`` records ``(time, method, target)`` of every request seen, ``header(path_part, name)``
the values of a header in the requests to a path.
"""
import socket
import threading
import time
import urllib.parse


class FaultProxy:
    def __init__(self, upstream_url):
        parsed = urllib.parse.urlsplit(upstream_url)
        self._upstream = (parsed.hostname, parsed.port)
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self._faults = []
        self._lock = threading.Lock()
        self.requests = []
        self._heads = []  # (target, header lines) of every request seen
        self._closed = False

    def __enter__(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._closed = True
        self._server.close()

    def refuse(self, path_part, status=503, times=1, retry_after=1):
        self._add("refuse", path_part, times, (status, retry_after))

    def drop(self, path_part, times=1):
        self._add("cut", path_part, times, 0)

    def cut(self, path_part, after_bytes, times=1):
        self._add("cut", path_part, times, after_bytes)

    def header(self, path_part, name):
        prefix = name.lower().encode() + b":"
        return [line[len(prefix):].strip().decode("latin1") for target, lines in self._heads if path_part in target
                for line in lines if line.lower().startswith(prefix)]

    def count(self, path_part, method=None):
        return sum(1 for _, m, target in self.requests if path_part in target and method in (None, m))

    def _add(self, kind, path_part, times, value):
        with self._lock:
            self._faults.append([kind, path_part, times, value])

    def _fault_for(self, target):
        with self._lock:
            for fault in self._faults:
                if fault[1] in target and fault[2] > 0:
                    fault[2] -= 1
                    return fault[0], fault[3]
        return None, None

    def _accept(self):
        while not self._closed:
            try:
                downstream, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(downstream,), daemon=True).start()

    def _handle(self, downstream):
        with downstream:
            head = b""
            while b"\r\n\r\n" not in head:
                data = downstream.recv(65536)
                if not data:
                    return
                head += data
            head, rest = head.split(b"\r\n\r\n", 1)
            lines = head.split(b"\r\n")
            method, target, _ = lines[0].decode("latin1").split(" ", 2)
            with self._lock:
                self.requests.append((time.monotonic(), method, target))
                self._heads.append((target, lines[1:]))
            kind, value = self._fault_for(target)
            if kind == "refuse":
                status, retry_after = value
                body = b'{"title":"Refused","status":%d,"detail":"refused by the test proxy"}' % status
                downstream.sendall(b"HTTP/1.1 %d Refused\r\n" % status
                                   + (b"Retry-After: %d\r\n" % retry_after if retry_after is not None else b"")
                                   + b"Content-Type: application/problem+json\r\nConnection: close\r\n"
                                   + b"Content-Length: %d\r\n\r\n" % len(body) + body)
                return
            kept = [line for line in lines[1:] if not line.lower().startswith(b"connection:")]
            request = b"\r\n".join([lines[0], *kept, b"Connection: close"]) + b"\r\n\r\n" + rest
            with socket.create_connection(self._upstream) as upstream:
                upstream.sendall(request)
                threading.Thread(target=_pump, args=(downstream, upstream, None), daemon=True).start()
                _pump(upstream, downstream, value if kind == "cut" else None)


def _pump(source, target, limit):
    """Copies source to target; with a limit, stops after that many bytes and breaks both sockets."""
    sent = 0
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            if limit is not None and sent + len(data) >= limit:
                target.sendall(data[:limit - sent])
                break
            target.sendall(data)
            sent += len(data)
    except OSError:
        pass
    for sock in (source, target):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
