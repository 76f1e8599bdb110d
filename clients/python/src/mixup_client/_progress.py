"""What a person watching sees: upload progress on a terminal, and a session's recent batches/s."""
import collections
import sys
import time

_MB = 1e6


class UploadProgress:
    """Called with each chunk's size; draws one self-overwriting line, at most ten times a second."""

    def __init__(self, label, total, enabled=None, stream=None):
        self._stream = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self._stream) if enabled is None else bool(enabled)
        self._label = label
        self._total = total
        self.restart()

    def restart(self):
        """From zero again: a retried upload sends everything anew."""
        self._sent = 0
        self._start = self._drawn = time.monotonic()

    def __call__(self, count):
        self._sent += count
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= 0.1 or self._sent >= self._total):
            self._drawn = now
            self._draw(now)

    def done(self):
        if self.enabled:
            self._draw(time.monotonic())
            self._stream.write("\n")
            self._stream.flush()

    def _draw(self, now):
        rate = self._sent / _MB / max(now - self._start, 1e-9)
        share = 100 * self._sent / self._total if self._total else 100
        self._stream.write(f"\rupload {self._label}: {self._sent / _MB:.1f} / {self._total / _MB:.1f} MB"
                           f" ({share:.0f}%) {rate:.1f} MB/s")
        self._stream.flush()


class RateMeter:
    """Batches per second over the last ``window`` batches."""

    def __init__(self, window=50):
        self._times = collections.deque(maxlen=window)

    def tick(self):
        self._times.append(time.monotonic())

    @property
    def rate(self):
        if len(self._times) < 2:
            return 0.0
        return (len(self._times) - 1) / max(self._times[-1] - self._times[0], 1e-9)


def _is_terminal(stream):
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
