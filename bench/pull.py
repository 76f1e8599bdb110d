#!/usr/bin/env python3
"""Pull batches from a running mixup-service and report batches/s and images/s.

    python3 bench/pull.py --url http://localhost:8080 --dataset ID --batch-size 128 --batches 200

Uses one keep-alive connection (http.client), so it measures the service, not connection set-up.
"""
import argparse
import http.client
import io
import json
import time
import urllib.parse

import numpy as np

SETTINGS = {
    "plain": {},
    "keras": {"datagen": {"width_shift_range": 0.1, "height_shift_range": 0.1, "horizontal_flip": True,
                          "rotation_range": 15, "rescale": 1 / 255},
              "eraser": {"p": 0.5}},
}


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
    return data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8080")
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--settings", choices=sorted(SETTINGS), nargs="+", default=sorted(SETTINGS))
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    conn = http.client.HTTPConnection(url.hostname, url.port or 80)
    for name in args.settings:
        settings = dict(SETTINGS[name], dataset_id=args.dataset, batch_size=args.batch_size, seed=1)
        session = json.loads(request(conn, "POST", "/v1/sessions", json.dumps(settings),
                                     {"Content-Type": "application/json"}))["id"]
        for mode in ("next", "stream"):
            request(conn, "POST", f"/v1/sessions/{session}/next")  # warm-up
            start = time.perf_counter()
            if mode == "next":
                for _ in range(args.batches):
                    batch = np.load(io.BytesIO(request(conn, "POST", f"/v1/sessions/{session}/next")))
                    batch["x"]
            else:
                body = io.BytesIO(request(conn, "POST", f"/v1/sessions/{session}/stream?batches={args.batches}"))
                for _ in range(args.batches):
                    np.load(body)
                    np.load(body)
            seconds = time.perf_counter() - start
            print(f"{name:6s} {mode:6s} B={args.batch_size}: {args.batches / seconds:8.1f} batches/s"
                  f" {args.batches * args.batch_size / seconds:10.0f} images/s")
        request(conn, "DELETE", f"/v1/sessions/{session}")


if __name__ == "__main__":
    main()
