"""HTTP for the client: keep-alive connections per thread, problem answers as MixupError, retries.

Retries follow what is safe: a request that never left (the connection could not be made) and an
answer that says the service did nothing (503, or 429 with Retry-After) are retried for every
method; a connection that breaks after the request was sent is retried only for idempotent ones,
which include a POST sent with an ``Idempotency-Key`` (the retry carries the same key, so the service
answers it with the steps the first attempt claimed).
"""
import email.utils
import http.client
import json
import os
import selectors
import socket
import threading
import time
import urllib.parse

from .errors import MixupError

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
TRANSIENT = (OSError, http.client.HTTPException)


class Response:
    """A complete answer: ``status``, ``headers`` and the whole ``body``."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)


class StreamResponse:
    """An answer whose body is read as it arrives (``readinto``); ``close()`` when done."""

    def __init__(self, transport, connection, response):
        self._transport = transport
        self._connection = connection
        self._response = response
        self.status = response.status
        self.headers = response.headers

    def readinto(self, buffer):
        return self._response.readinto(buffer)

    def abort(self):
        """Unblocks a read in progress on another thread; that read then fails."""
        sock = self._connection.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        """Keeps the connection for the next request when the body was read to its end."""
        if self._response.isclosed() and not self._response.will_close:
            self._transport._release(self._connection)
        else:
            self._connection.close()


class _NotSent(Exception):
    """The connection could not be made: nothing reached the service, so any method may retry."""


class Transport:
    def __init__(self, url, api_key=None, timeout=60.0, retries=5, backoff=0.5, max_wait=30.0, user_agent=None):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"not an http(s) URL: {url!r}")
        self.url = url.rstrip("/")
        self._https = parsed.scheme == "https"
        self._host = parsed.hostname
        self._port = parsed.port or (443 if self._https else 80)
        self._base_path = parsed.path.rstrip("/")
        self._api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self._backoff = backoff
        self._max_wait = max_wait
        self._user_agent = user_agent
        self._local = threading.local()
        self._pid = os.getpid()

    def request(self, method, path, *, query=None, json_body=None, body=None, length=None,
                content_type=None, accept=None, stream=False, on_sent=None, idempotency_key=None):
        """Sends a request, retrying what is safe to retry, and returns a Response (or a StreamResponse).

        ``body`` is bytes, or a function returning an iterable of chunks (called again for a retry)
        whose total is ``length`` bytes. ``on_sent(n)`` is told of every chunk sent. With an
        ``idempotency_key``, every attempt carries it and a broken connection is retried.
        """
        if json_body is not None:
            body, content_type = json.dumps(json_body).encode(), "application/json"
        if isinstance(body, (bytes, bytearray)):
            data, length = bytes(body), len(body)
            body = lambda: (data,)  # noqa: E731
        target = self._base_path + path + ("?" + urllib.parse.urlencode(_query(query)) if query else "")
        headers = {"User-Agent": self._user_agent or "mixup-client"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        if accept:
            headers["Accept"] = accept
        if body is not None:
            headers["Content-Type"] = content_type or "application/octet-stream"
            headers["Content-Length"] = str(length)
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        idempotent = method in IDEMPOTENT or idempotency_key is not None
        attempt = 0
        while True:
            try:
                return self._exchange(method, target, headers, body, stream, on_sent)
            except _NotSent as e:
                failure, wait = e.__cause__, None
            except MixupError as e:
                if not (e.status == 503 or (e.status == 429 and e.retry_after is not None)):
                    raise
                failure, wait = e, e.retry_after
            except TRANSIENT as e:
                if not idempotent:
                    raise
                failure, wait = e, None
            if attempt >= self.retries:
                raise failure
            time.sleep(min(self._max_wait, wait if wait is not None else self._backoff * 2 ** attempt))
            attempt += 1

    def _exchange(self, method, target, headers, body, stream, on_sent):
        connection = self._connection()
        try:
            connection.putrequest(method, target, skip_accept_encoding=True)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            if body is not None:
                self._send_body(connection, body, on_sent)
            response = connection.getresponse()
        except BaseException:
            connection.close()
            raise
        if response.status >= 400:
            try:
                problem = _problem(response)
            except BaseException:
                connection.close()
                raise
            response.close()
            if response.will_close:
                connection.close()
            else:
                self._release(connection)
            raise problem
        if stream:
            return StreamResponse(self, connection, response)
        try:
            data = response.read()
        except BaseException:
            connection.close()
            raise
        if response.will_close:
            connection.close()
        else:
            self._release(connection)
        return Response(response.status, response.headers, data)

    @staticmethod
    def _send_body(connection, body, on_sent):
        try:
            for chunk in body():
                connection.send(chunk)
                if on_sent is not None:
                    on_sent(len(chunk))
        except (BrokenPipeError, ConnectionResetError) as e:
            # The service may have answered early (413 for a body over its limit) and closed.
            try:
                response = connection.getresponse()
            except TRANSIENT:
                raise e from None
            if response.status >= 400:
                raise _problem(response) from None
            raise

    def _connection(self):
        """This thread's idle keep-alive connection, or a new, connected one."""
        if self._pid != os.getpid():  # a forked child must not share its parent's sockets
            self._local, self._pid = threading.local(), os.getpid()
        connection = getattr(self._local, "idle", None)
        self._local.idle = None
        if connection is not None and not _dropped(connection.sock):
            return connection
        if connection is not None:
            connection.close()
        if self._https:
            connection = http.client.HTTPSConnection(self._host, self._port, timeout=self.timeout)
        else:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)
        try:
            connection.connect()
        except OSError as e:
            connection.close()
            raise _NotSent() from e
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    def _release(self, connection):
        if self._pid == os.getpid():
            previous = getattr(self._local, "idle", None)
            if previous is not None:
                previous.close()
            self._local.idle = connection

    def __getstate__(self):
        """Pickles without connections (for DataLoader workers started with spawn)."""
        state = dict(self.__dict__)
        del state["_local"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._local, self._pid = threading.local(), os.getpid()


def _dropped(sock):
    """An idle keep-alive socket that is readable has been closed by the service."""
    if sock is None:
        return True
    try:
        with selectors.DefaultSelector() as selector:  # select() alone fails on descriptors >= 1024
            selector.register(sock, selectors.EVENT_READ)
            return bool(selector.select(0))
    except (OSError, ValueError):
        return True


def _query(params):
    return [(k, _query_value(v)) for k, v in params.items() if v is not None]


def _query_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def _problem(response):
    """A MixupError from an error answer: RFC 9457 fields when it is a problem document."""
    body = response.read()
    retry_after = _retry_after(response.headers.get("Retry-After"))
    title, detail, kind, instance = response.reason, None, None, None
    try:
        document = json.loads(body) if body else None
    except ValueError:
        document = None
    if isinstance(document, dict):
        title = document.get("title") or title
        detail = document.get("detail")
        kind = document.get("type")
        instance = document.get("instance")
    elif body:
        detail = body[:500].decode("utf-8", "replace").strip()
    return MixupError(response.status, title, detail, type=kind, instance=instance, retry_after=retry_after)


def _retry_after(value):
    """Seconds from a Retry-After header: delay-seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
