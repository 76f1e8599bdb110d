"""The entry point: ``Client`` uploads datasets and opens sessions."""
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import __version__
from ._http import Transport
from ._npz import NpzBody
from ._progress import UploadProgress
from .session import Session

_FILE_CHUNK = 1 << 20


@dataclass(frozen=True)
class Dataset:
    """A dataset held by the service, as ``GET /v1/datasets/{id}`` shows it."""

    id: str
    name: str
    samples: int
    x: dict = field(repr=False)
    labels: list = field(repr=False)
    bytes: int = field(repr=False)
    sha256: str = field(repr=False)
    created_at: str = field(repr=False)

    @property
    def label_names(self):
        return [label["name"] for label in self.labels]

    @classmethod
    def _from_json(cls, info):
        return cls(**{name: info.get(name) for name in cls.__dataclass_fields__})


class Client:
    """A connection to mixup-service.

    ``url`` and ``api_key`` default to the environment variables ``MIXUP_URL`` and
    ``MIXUP_API_KEY`` (and ``url`` then to ``http://localhost:8080``). ``timeout`` is the socket
    timeout in seconds; ``retries`` how often a request that may safely be repeated is tried again
    after a connection error or a 503. ``progress`` shows uploads as a line on stderr: ``None`` when
    stderr is a terminal, ``True`` always, ``False`` never.
    """

    def __init__(self, url=None, api_key=None, timeout=60.0, retries=5, progress=None):
        url = url or os.environ.get("MIXUP_URL") or "http://localhost:8080"
        api_key = api_key if api_key is not None else os.environ.get("MIXUP_API_KEY")
        self._transport = Transport(url, api_key, timeout=timeout, retries=retries,
                                    user_agent=f"mixup-client/{__version__} (python)")
        self.progress = progress

    @property
    def url(self):
        return self._transport.url

    def __repr__(self):
        return f"Client({self.url!r})"

    # -- datasets -------------------------------------------------------------------------------

    def upload(self, x, y, name, num_classes=None, progress=None):
        """Uploads NumPy arrays as a dataset and returns it.

        ``y`` is one label array, or a dict name -> array for several outputs (order kept; the
        batches' ``y`` is then a list in that order), or, as the seed's MixupGenerator took them, a
        list of arrays (named ``y0``, ``y1``, ...). Integer class labels of shape ``(N,)`` or
        ``(N, 1)`` are one-hot encoded by the service (``num_classes``, else the largest label + 1).
        The arrays are streamed as an uncompressed .npz, never copied as a whole.
        """
        if isinstance(y, dict):
            labels = dict(y)
        elif isinstance(y, (list, tuple)) and y and all(isinstance(a, np.ndarray) for a in y):
            labels = {f"y{i}": a for i, a in enumerate(y)}
        else:
            labels = {"y": y}
        if not labels:
            raise ValueError("y must be an array or a non-empty dict of arrays")
        for label in labels:
            if not label or label == "x" or "," in label or "/" in label:
                raise ValueError(f"label name {label!r} cannot be used: it must be non-empty, not 'x',"
                                 " without ',' or '/'")
        body = NpzBody({"x": x, **labels})
        query = {"name": name, "x": "x", "y": list(labels), "num_classes": num_classes}
        return self._upload(name, body, body.length, query, progress)

    def upload_file(self, path, name=None, x=None, y=None, num_classes=None, progress=None):
        """Uploads a .npz file as written by ``np.savez`` / ``np.savez_compressed``, streamed from disk.

        ``name`` defaults to the file name without ``.npz``; ``x`` names the image member (default
        ``x``), ``y`` the label member or a list of them (default ``y``).
        """
        path = Path(path)
        name = name or (path.name[:-4] if path.name.endswith(".npz") else path.name)
        length = path.stat().st_size

        def body():
            with open(path, "rb") as file:
                while chunk := file.read(_FILE_CHUNK):
                    yield chunk

        query = {"name": name, "x": x, "y": [y] if isinstance(y, str) else y, "num_classes": num_classes}
        return self._upload(name, body, length, query, progress)

    def _upload(self, name, body, length, query, progress):
        meter = UploadProgress(name, length, enabled=self.progress if progress is None else progress)

        def from_the_start():
            meter.restart()
            return body()

        try:
            response = self._transport.request("POST", "/v1/datasets", query=query, body=from_the_start,
                                               length=length, on_sent=meter)
        finally:
            meter.done()
        return Dataset._from_json(response.json())

    def datasets(self):
        """Every dataset the service holds."""
        return [Dataset._from_json(item) for item in self._list("/v1/datasets")]

    def dataset(self, id):
        """The dataset with this id (``MixupError`` 404 when there is none)."""
        return Dataset._from_json(self._transport.request("GET", f"/v1/datasets/{_id(id)}").json())

    def delete_dataset(self, id, force=False):
        """Deletes a dataset; while sessions use it only with ``force=True`` (which deletes them too)."""
        self._transport.request("DELETE", f"/v1/datasets/{_id(id)}", query={"force": force or None})

    # -- sessions -------------------------------------------------------------------------------

    def session(self, dataset, batch_size=32, alpha=0.2, seed=None, shuffle=True, datagen=None, eraser=None,
                dtype="float32", data_format="channels_last", shard_index=0, shard_count=1, *,
                provenance=False, chunk=32, prefetch=4, **settings):
        """Opens a session on ``dataset`` (a Dataset or its id) and returns it.

        The settings are the service's (Keras' and the papers' names): ``datagen`` and ``eraser``
        are dicts, e.g. ``datagen={"horizontal_flip": True, "width_shift_range": 0.1}``,
        ``eraser={"p": 0.5}``. Further keyword settings go to the service as they are, so settings
        it learns later work without a new client (``cutmix_alpha=1.0``, ``label_smoothing=0.1``, ...).
        ``provenance=True`` adds a dict of each batch's ``lam``, ``index1``, ``index2``, ``cut``,
        ``box`` as a third element. ``chunk`` batches are claimed per
        ``stream`` request; ``prefetch`` batches wait ready.
        """
        body = {"dataset_id": _id(dataset), "batch_size": batch_size, "alpha": alpha, "seed": seed,
                "shuffle": shuffle, "datagen": datagen, "eraser": eraser, "dtype": dtype,
                "data_format": data_format, "shard_index": shard_index, "shard_count": shard_count, **settings}
        body = {k: v for k, v in body.items() if v is not None}
        labels = dataset.label_names if isinstance(dataset, Dataset) else self.dataset(dataset).label_names
        info = self._transport.request("POST", "/v1/sessions", json_body=body).json()
        return Session(self, info, labels, provenance=provenance, chunk=chunk, prefetch=prefetch)

    def get_session(self, id, *, provenance=False, chunk=32, prefetch=4):
        """An existing session, positioned where the service's cursor stands."""
        info = self._transport.request("GET", f"/v1/sessions/{_id(id)}").json()
        labels = self.dataset(info["dataset_id"]).label_names
        return Session(self, info, labels, provenance=provenance, chunk=chunk, prefetch=prefetch)

    def sessions(self):
        """The settings and positions of every open session, as dicts."""
        return self._list("/v1/sessions")

    def _list(self, path):
        """All items of a list, following its pages."""
        items, token = [], None
        while True:
            page = self._transport.request("GET", path, query={"page_token": token}).json()
            items.extend(page["items"])
            token = page.get("next")
            if not token:
                return items


def _id(item):
    value = getattr(item, "id", item)
    if not isinstance(value, str) or not value or "/" in value:
        raise ValueError(f"not an id: {value!r}")
    return value
