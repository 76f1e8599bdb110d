"""The exception a problem answer of the service (RFC 9457) becomes."""


class MixupError(Exception):
    """The service refused a request: ``status`` (HTTP code), ``title`` and ``detail`` (what to change).

    ``retry_after`` is the wait in seconds the service asked for (429, 503), else ``None``.
    """

    def __init__(self, status, title, detail, *, type=None, instance=None, retry_after=None):
        super().__init__(status, title, detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type
        self.instance = instance
        self.retry_after = retry_after

    def __str__(self):
        return f"{self.status} {self.title}: {self.detail}" if self.detail else f"{self.status} {self.title}"
