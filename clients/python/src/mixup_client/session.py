"""A session: an endless iterator of mixup batches, read through ``stream`` on a background thread.

The reader claims ``chunk`` batches at a time with ``POST /stream`` and parses each ``.npy`` as it
arrives. The service moves its cursor when it claims. A call whose answer never came is sent again
with its ``Idempotency-Key``, so it gets the steps it claimed; a stream that breaks mid-body has
claimed steps it did not deliver, so the reader asks where the cursor stands and fetches the missing
steps one by one with the idempotent ``GET batches/{k}`` before streaming on. The caller therefore
sees every step exactly once, in order: ``position`` is always the step the next batch will be.
"""
import os
import queue
import threading
import urllib.parse
import uuid

from . import _npy
from ._http import TRANSIENT
from ._progress import RateMeter
from .errors import MixupError

NPY = "application/x-npy"
_END = object()  # the reader reached the step it was told to stop at


class Session:
    """An open session of the service. Iterate it for ``(x, y)`` batches; ``close()`` deletes it.

    ``y`` is one array, or a list of arrays (dataset order) for a multi-task dataset. With
    ``provenance=True`` every batch is ``(x, y, provenance)``, ``provenance`` a dict of the extra
    arrays (``lam``, ``index1``, ``index2``, ...). One Session object per process should read a
    session: the position it keeps is its own.
    """

    def __init__(self, client, info, label_names, *, provenance=False, chunk=32, prefetch=4):
        self._client = client
        self.label_names = tuple(label_names)
        self.provenance = provenance
        self.chunk = chunk
        self.prefetch = prefetch
        self._update(info)
        self.position = info["position"]["step"]
        self._rate = RateMeter()
        self._lock = threading.Lock()
        self._reader = None
        self._pid = os.getpid()

    # -- what the session is ------------------------------------------------------------------

    def _update(self, info):
        self.info = info
        self.id = info["id"]
        self.steps_per_epoch = info["steps_per_epoch"]
        self.samples = info["samples"]
        skip = {"id", "samples", "steps_per_epoch", "position", "created_at", "last_used_at"}
        self.settings = {k: v for k, v in info.items() if k not in skip}
        self.dataset_id = info["dataset_id"]
        self.batch_size = info["batch_size"]
        self.seed = info["seed"]

    @property
    def epoch(self):
        """The epoch of the next batch."""
        return self.position // self.steps_per_epoch

    @property
    def batches_per_second(self):
        """How fast the caller took the last 50 batches."""
        return self._rate.rate

    def __repr__(self):
        return (f"<Session {self.id} step {self.position} (epoch {self.epoch}), "
                f"{self.batches_per_second:.1f} batches/s>")

    # -- batches --------------------------------------------------------------------------------

    def __iter__(self):
        return self

    def __next__(self):
        return self._take(None)[1]

    def batches(self, steps=None):
        """A generator of the next ``steps`` batches (endless when ``None``): what Keras' ``fit`` takes.

        A reader started for ``steps`` batches claims none beyond them, so the service's cursor
        ends where the caller stops.
        """
        if steps is None:
            while True:
                yield self._take(None)[1]
        stop = self.position + steps
        while self.position < stop:
            yield self._take(stop)[1]

    def batch(self, step):
        """The batch at any ``step``, the same bytes every time; the position does not move."""
        return _Batches(self).fetch(self._client._transport, self._path(), int(step))

    def seek(self, step):
        """Makes ``step`` the next batch (a trainer resuming from its checkpoint)."""
        if step < 0:
            raise ValueError(f"step must be >= 0, not {step}")
        with self._lock:
            self._stop_reader()
            info = self._client._transport.request("PUT", f"{self._path()}/position", json_body={"step": int(step)})
            self._update(info.json())
            self.position = self.info["position"]["step"]

    def close(self, delete=True):
        """Stops reading and deletes the session on the service (unless ``delete=False``)."""
        with self._lock:
            self._stop_reader()
        if delete:
            try:
                self._client._transport.request("DELETE", self._path())
            except MixupError as e:
                if e.status != 404:  # already gone (deleted, expired)
                    raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        reader = getattr(self, "_reader", None)
        if reader is not None:
            reader.stop()

    def _take(self, stop):
        """``(step, batch)``: the next batch, reading no further than ``stop`` when given."""
        with self._lock:
            if self._pid != os.getpid():  # forked: the parent's reader thread does not exist here
                self._reader, self._pid = None, os.getpid()
            while True:
                if self._reader is None:
                    self._reader = _Reader(self, self.position, stop)
                item = self._reader.get()
                if item is _END:
                    self._reader = None
                    continue
                if isinstance(item, BaseException):
                    self._reader = None
                    raise item
                step, _ = item
                self.position = step + 1
                self._rate.tick()
                return item

    def _stop_reader(self):
        if self._reader is not None:
            self._reader.stop()
            self._reader = None

    def _path(self):
        return f"/v1/sessions/{self.id}"


def array_names(response):
    """The array names of a batch response, in order (``Mixup-Arrays``: comma separated, percent-encoded)."""
    return [urllib.parse.unquote(name) for name in response.headers["Mixup-Arrays"].split(",")]


class _Batches:
    """Reads batches (x, then each label array, then provenance arrays) from a response body."""

    def __init__(self, session):
        self._labels = len(session.label_names)
        self._batch_size = session.batch_size
        self._provenance = session.provenance

    def fetch(self, transport, path, step):
        """The batch at ``step``, through the idempotent ``GET batches/{step}``."""
        response = transport.request("GET", f"{path}/batches/{step}", query={"provenance": self._provenance or None},
                                     accept=NPY, stream=True)
        try:
            return self.read(response, array_names(response))
        finally:
            response.close()

    def read(self, response, names):
        arrays = [_npy.read_array(response) for _ in names]
        if len(names) < 1 + self._labels or any(a.ndim == 0 or len(a) != self._batch_size for a in arrays):
            raise _npy.NpyFormatError(f"expected x and {self._labels} label arrays of {self._batch_size} rows,"
                                      f" got {[(n, a.shape) for n, a in zip(names, arrays)]}")
        x, labels = arrays[0], arrays[1:1 + self._labels]
        y = labels[0] if len(labels) == 1 else labels
        if self._provenance:
            return x, y, dict(zip(names[1 + self._labels:], arrays[1 + self._labels:]))
        return x, y


class _Reader:
    """The background thread: streams batches from ``start`` (up to ``stop``) into a small queue."""

    def __init__(self, session, start, stop):
        self._transport = session._client._transport
        self._path = session._path()
        self._batches = _Batches(session)
        self._provenance = session.provenance
        self._chunk = session.chunk
        self._retries = self._transport.retries
        self._step = start
        self._stop_step = stop
        self._queue = queue.Queue(maxsize=max(1, session.prefetch))
        self._stopped = threading.Event()
        self._response = None
        self._thread = threading.Thread(target=self._run, name=f"mixup-session-{session.id}", daemon=True)
        self._thread.start()

    def get(self):
        return self._queue.get()

    def stop(self):
        self._stopped.set()
        response = self._response
        if response is not None:
            response.abort()
        while True:  # let a reader blocked on a full queue see the stop
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout=10)

    def _run(self):
        broken, failures = False, 0
        try:
            while not self._stopped.is_set() and (self._stop_step is None or self._step < self._stop_step):
                before = self._step
                try:
                    if broken:
                        self._resume()
                        broken = False
                    self._stream()
                except TRANSIENT:
                    if self._stopped.is_set():
                        return
                    broken = True
                    failures = 0 if self._step > before else failures + 1
                    if failures > self._retries:
                        raise
                    self._stopped.wait(min(5.0, 0.1 * 2 ** failures))
            self._put(_END)
        except BaseException as e:  # handed to the caller's next()
            if not self._stopped.is_set():
                self._put(e)

    def _stream(self):
        count = self._chunk if self._stop_step is None else min(self._chunk, self._stop_step - self._step)
        # a new key per call: a retry of this call (by the transport) gets the steps it claimed
        response = self._transport.request("POST", f"{self._path}/stream",
                                           query={"batches": count, "provenance": self._provenance or None},
                                           accept=NPY, stream=True, idempotency_key=str(uuid.uuid4()))
        self._response = response
        try:
            first = int(response.headers["Mixup-Step"])
            names = array_names(response)
            self._step = first  # the service's cursor: another handle may have moved it
            for _ in range(int(response.headers["Mixup-Batches"])):
                self._deliver(self._batches.read(response, names))
                if self._stopped.is_set():
                    return
            if response.readinto(bytearray(1)):
                raise _npy.NpyFormatError("the stream carries more data than its Mixup-Batches announce")
        finally:
            self._response = None
            response.close()

    def _resume(self):
        """After a broken stream: the steps the service claimed but did not deliver, one by one."""
        info = self._transport.request("GET", self._path).json()
        cursor = info["position"]["step"]
        if cursor < self._step:  # moved back behind our back: put it where this reader stands
            self._transport.request("PUT", f"{self._path}/position", json_body={"step": self._step})
        end = cursor if self._stop_step is None else min(cursor, self._stop_step)
        while self._step < end and not self._stopped.is_set():
            self._deliver(self._batches.fetch(self._transport, self._path, self._step))

    def _deliver(self, batch):
        self._put((self._step, batch))
        self._step += 1

    def _put(self, item):
        while not self._stopped.is_set():
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                pass
