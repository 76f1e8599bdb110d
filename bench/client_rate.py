#!/usr/bin/env python3
"""The Python client's iterator next to a bare read of the same `stream`, in batches/s.

A CIFAR-shaped dataset (50000 x 32 x 32 x 3 uint8, 10 classes) is uploaded with the client, then
for each setting, alternately for a few rounds, the same number of batches (B=128) is read
  bare:   one POST stream?batches=N on a keep-alive connection, each .npy read into its buffer
          (NumPy's header parser, no copy): the ceiling for any Python reader;
  client: next(session) of mixup_client: chunks of 32 batches per stream call, parsed on its
          background thread, handed over through a queue, with the resume bookkeeping.
The service must be running:

    java -jar target/mixup-service-*.jar --mixup.data-dir=/tmp/bench-data &
    python3 bench/client_rate.py --url http://localhost:8080 --batches 300
"""
import argparse
import http.client
import json
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "clients" / "python" / "src"))
import mixup_client  # noqa: E402

SETTINGS = {
    "mixup only": {},
    "keras augmentation": {"datagen": {"width_shift_range": 0.1, "height_shift_range": 0.1, "horizontal_flip": True,
                                       "rescale": 1 / 255},
                           "eraser": {"p": 0.5}},
}


def read_npy(stream):
    version = np.lib.format.read_magic(stream)
    read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran_order, dtype = read_header(stream)
    array = np.empty(shape, dtype)
    view, filled = memoryview(array.reshape(-1).view(np.uint8)), 0
    while filled < len(view):
        n = stream.readinto(view[filled:])
        if not n:
            raise EOFError("stream ended inside an array")
        filled += n
    return array


def bare(url, api_key, session_id, batches):
    parsed = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port or 80)
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    connection.request("POST", f"/v1/sessions/{session_id}/stream?batches={batches}", headers=headers)
    response = connection.getresponse()
    arrays = len(response.getheader("Mixup-Arrays").split(","))
    for _ in range(batches * arrays):
        read_npy(response)
    connection.close()


def through_client(session, batches):
    for _ in range(batches):
        next(session)


def measure(read, batches):
    """(batches/s, CPU ms of this process per batch): the rate moves with the machine's load, the CPU less."""
    start, cpu = time.perf_counter(), time.process_time()
    read()
    return batches / (time.perf_counter() - start), 1000 * (time.process_time() - cpu) / batches


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=None, help="default: MIXUP_URL or http://localhost:8080")
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--samples", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--batches", type=int, default=300, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    client = mixup_client.Client(args.url, api_key=args.api_key)
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (args.samples, 32, 32, 3), dtype=np.uint8)
    y = rng.integers(0, 10, args.samples)
    start = time.perf_counter()
    dataset = client.upload(x, y, name="bench-cifar", num_classes=10)
    print(f"upload: {dataset.bytes / 1e6:.0f} MB in {time.perf_counter() - start:.1f} s")
    api_key = client._transport._api_key
    try:
        for name, settings in SETTINGS.items():
            results = {"bare": [], "client": []}
            for round_ in range(args.rounds):
                for seed, kind in enumerate(("bare", "client") if round_ % 2 == 0 else ("client", "bare")):
                    with client.session(dataset, batch_size=args.batch_size, seed=seed + 1, **settings) as session:
                        session.batch(0)  # warm-up, without starting the client's reader
                        if kind == "bare":
                            read = lambda: bare(client.url, api_key, session.id, args.batches)  # noqa: E731
                        else:
                            read = lambda: through_client(session, args.batches)  # noqa: E731
                        results[kind].append(measure(read, args.batches))
            print(json.dumps({name: {k: [[round(v, 2) for v in m] for m in r] for k, r in results.items()}}))
            for kind in ("bare", "client"):
                rate = statistics.median(r for r, _ in results[kind])
                cpu = statistics.median(c for _, c in results[kind])
                print(f"{name:20s} {kind:6s} B={args.batch_size}: {rate:7.1f} batches/s {rate * args.batch_size:9.0f}"
                      f" images/s, {cpu:5.2f} CPU ms/batch in the reader (median of {args.rounds})")
    finally:
        client.delete_dataset(dataset, force=True)


if __name__ == "__main__":
    main()
