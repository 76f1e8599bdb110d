#!/usr/bin/env python3
"""E: the ceiling. Answers `stream` with one pre-built batch sent over and over (with a
Content-Length), so what it measures is the loopback and the reader, not any batch making.

    python3 bench/reference/ceiling_server.py --port 8082 --batch-size 128 --shape 32,32,3 --classes 10
"""
import argparse
import io
import json
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import numpy as np


def prebuilt(batch_size, shape, classes, dtype):
    rng = np.random.default_rng(0)
    out = io.BytesIO()
    np.save(out, rng.random((batch_size, *shape)).astype(dtype))
    np.save(out, rng.random((batch_size, classes)).astype(np.float32))
    return out.getvalue()


def handler(payloads):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, body, content_type="application/json"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            url = urlparse(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if url.path in ("/v1/datasets", "/v1/sessions"):
                dtype = json.loads(body).get("dtype", "float32") if url.path == "/v1/sessions" else "float32"
                return self.answer(201, json.dumps({"id": dtype, "steps_per_epoch": 1 << 30}).encode())
            match = re.fullmatch(r"/v1/sessions/([^/]+)/stream", url.path)
            if not match:
                return self.answer(404, b'{"status":404}', "application/problem+json")
            payload = payloads[match.group(1)]
            count = int(parse_qs(url.query).get("batches", ["1"])[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/x-npy")
            self.send_header("Content-Length", str(len(payload) * count))
            self.send_header("Mixup-Step", "0")
            self.end_headers()
            for _ in range(count):
                self.wfile.write(payload)

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--shape", default="32,32,3")
    parser.add_argument("--classes", type=int, default=10)
    args = parser.parse_args()
    shape = tuple(int(s) for s in args.shape.split(","))
    payloads = {dtype: prebuilt(args.batch_size, shape, args.classes, dtype) for dtype in ("float32", "float16")}
    ThreadingHTTPServer(("127.0.0.1", args.port), handler(payloads)).serve_forever()


if __name__ == "__main__":
    main()
