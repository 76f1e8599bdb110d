#!/usr/bin/env python3
"""C: what a user would write in an afternoon instead of deploying mixup-service.

The v1 contract's batch path in Python's standard HTTP server and NumPy: upload a .npz, open a
session, `next`, `batches/{k}`, `stream`. Deterministic per (seed, step) like the service; datagen
and the eraser through the seed's Keras-style path. No validation, no limits, no persistence.

    python3 bench/reference/naive_server.py --port 8081
"""
import argparse
import functools
import io
import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import numpy as np

from seed import KerasStyleAugmenter

DATASETS, SESSIONS = {}, {}


class Session:
    def __init__(self, dataset, settings):
        self.x, self.y = dataset
        self.batch_size = settings.get("batch_size", 32)
        self.alpha = settings.get("alpha", 0.2)
        self.seed = settings.get("seed") or 0
        self.dtype = np.dtype(settings.get("dtype", "float32"))
        datagen = settings.get("datagen") or {}
        eraser = settings.get("eraser")
        self.augment = None
        if datagen or eraser:
            self.augment = KerasStyleAugmenter(datagen.get("width_shift_range", 0), datagen.get("height_shift_range", 0),
                                               datagen.get("horizontal_flip", False),
                                               eraser.get("p", 0.5) if eraser else 0)
        self.steps_per_epoch = len(self.x) // (2 * self.batch_size)
        self.position = 0
        self.lock = threading.Lock()

    def claim(self, n):
        with self.lock:
            first, self.position = self.position, self.position + n
            return first

    @functools.lru_cache(maxsize=2)
    def order(self, epoch):
        return np.random.default_rng([self.seed, epoch]).permutation(len(self.x))

    def batch(self, step):
        epoch, j = divmod(step, self.steps_per_epoch)
        order = self.order(epoch)
        ids = order[2 * self.batch_size * j:2 * self.batch_size * (j + 1)]
        first, second = ids[:self.batch_size], ids[self.batch_size:]
        lam = np.random.default_rng([self.seed, 1 << 32, step]).beta(self.alpha, self.alpha, self.batch_size)
        lam = lam.astype(np.float32)
        x = self.x[first] * lam[:, None, None, None] + self.x[second] * (1 - lam[:, None, None, None])
        if self.augment is not None:
            for b in range(len(x)):
                x[b] = self.augment(x[b])
        y = self.y[first] * lam[:, None] + self.y[second] * (1 - lam[:, None])
        return [("x", x.astype(self.dtype, copy=False)), ("y", y.astype(np.float32, copy=False))]


def npy(array):
    out = io.BytesIO()
    np.save(out, array)
    return out.getvalue()


def npy_header(array):
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, np.lib.format.header_data_from_array_1_0(array))
    return out.getvalue()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if url.path == "/v1/datasets":
            archive = np.load(io.BytesIO(body))
            x, y = archive["x"], archive["y"]
            if y.ndim == 1:
                y = np.eye(int(y.max()) + 1, dtype=np.float32)[y]
            dataset_id = str(uuid.uuid4())
            DATASETS[dataset_id] = (x, y.astype(np.float32))
            return self.answer(201, json.dumps({"id": dataset_id, "name": query.get("name"), "samples": len(x)}).encode())
        if url.path == "/v1/sessions":
            settings = json.loads(body)
            session = Session(DATASETS[settings["dataset_id"]], settings)
            session_id = str(uuid.uuid4())
            SESSIONS[session_id] = session
            return self.answer(201, json.dumps({"id": session_id, "steps_per_epoch": session.steps_per_epoch}).encode())
        match = re.fullmatch(r"/v1/sessions/([^/]+)/(next|stream)", url.path)
        if not match:
            return self.answer(404, b'{"status":404}', "application/problem+json")
        session = SESSIONS[match.group(1)]
        if match.group(2) == "next":
            step = session.claim(1)
            out = io.BytesIO()
            np.savez(out, **dict(session.batch(step)))
            return self.answer(200, out.getvalue(), "application/x-npz", [("Mixup-Step", str(step))])
        count = int(query.get("batches", 1))
        first = session.claim(count)
        batch = session.batch(first)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-npy")
        self.send_header("Content-Length", str(sum(len(npy_header(a)) + a.nbytes for _, a in batch) * count))
        self.send_header("Mixup-Step", str(first))
        self.end_headers()
        for step in range(first, first + count):
            for _, array in batch if step == first else session.batch(step):
                self.wfile.write(npy_header(array))
                self.wfile.write(array)  # the array's own buffer, no copy into bytes

    def do_GET(self):
        match = re.fullmatch(r"/v1/sessions/([^/]+)/batches/(\d+)", urlparse(self.path).path)
        if not match:
            return self.answer(404, b'{"status":404}', "application/problem+json")
        out = io.BytesIO()
        np.savez(out, **dict(SESSIONS[match.group(1)].batch(int(match.group(2)))))
        self.answer(200, out.getvalue(), "application/x-npz", [("Mixup-Step", match.group(2))])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()
    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
