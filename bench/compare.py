#!/usr/bin/env python3
"""One run, side by side, on one dataset and with one reader of `stream` for every server (--reader):

  A  the seed's NumPy MixupGenerator, in-process (mixing only)
  B  the seed's Keras-style path, in-process (scipy.ndimage shift, flip, the seed's eraser)
  C  a naive reference server of the v1 contract (reference/naive_server.py)
  D  the service jar, started here
  E  the ceiling: one pre-built batch sent over and over (reference/ceiling_server.py)

in three modes (mixing only, full augmentation, float16 output), plus the service's upload MB/s,
time to the first batch of a new session, and its peak RSS and heap.

    ./mvnw -B package -DskipTests && python3 bench/compare.py
"""
import argparse
import glob
import http.client
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "reference"))
from seed import KerasStyleAugmenter, MixupGenerator  # noqa: E402

MODES = {
    "mixing only": {},
    "full augmentation": {"datagen": {"width_shift_range": 0.1, "height_shift_range": 0.1, "horizontal_flip": True},
                          "eraser": {"p": 0.5}},
    "float16 output": {"dtype": "float16"},
}


def read_npy(stream):
    """One .npy from a non-seekable stream: the header by NumPy, the data straight into one buffer."""
    version = np.lib.format.read_magic(stream)
    read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran_order, dtype = read_header(stream)
    data = bytearray(int(np.prod(shape)) * dtype.itemsize)
    view, filled = memoryview(data), 0
    while filled < len(data):
        n = stream.readinto(view[filled:])
        if not n:
            raise EOFError("stream ended inside an array")
        filled += n
    return np.frombuffer(data, dtype).reshape(shape, order="F" if fortran_order else "C")


def request(conn, method, path, body=None, content_type="application/json"):
    conn.request(method, path, body=body, headers={"Content-Type": content_type} if body is not None else {})
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
    return json.loads(data) if data and response.getheader("Content-Type", "").endswith("json") else data


def readinto_reader(conn, port, session, n):
    """The fastest Python reader: each .npy read into one buffer, NumPy parsing only the header."""
    conn.request("POST", f"/v1/sessions/{session}/stream?batches={n}")
    response = conn.getresponse()
    arrays = len((response.getheader("Mixup-Arrays") or "x,y").split(","))
    for _ in range(n * arrays):
        read_npy(response)
    response.read()


def bytesio_reader(conn, port, session, n):
    """What most users write: the whole response, then np.load for each array."""
    conn.request("POST", f"/v1/sessions/{session}/stream?batches={n}")
    response = conn.getresponse()
    arrays = len((response.getheader("Mixup-Arrays") or "x,y").split(","))
    body = io.BytesIO(response.read())
    for _ in range(n * arrays):
        np.load(body)


def curl_reader(conn, port, session, n):
    """A reader in C that parses nothing: curl writing the stream to /dev/null."""
    subprocess.run(["curl", "-sf", "-X", "POST", "-o", os.devnull,
                    f"http://127.0.0.1:{port}/v1/sessions/{session}/stream?batches={n}"], check=True)


READERS = {"readinto": readinto_reader, "bytesio": bytesio_reader, "curl": curl_reader}


def pull(port, session, batch_size, seconds, chunk, warmup=3.0, reader=readinto_reader):
    """Images/s of reading `stream` in chunks of `chunk` batches for about `seconds`, after `warmup` seconds
    of the same (the service's JIT compiles its batch path within the first seconds it serves)."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    start = time.perf_counter()
    while time.perf_counter() - start < warmup:
        reader(conn, port, session, chunk)
    start, batches = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        reader(conn, port, session, chunk)
        batches += chunk
    rate = batches * batch_size / (time.perf_counter() - start)
    conn.close()
    return rate


def cpu_seconds(pid=None):
    """CPU time (user + system) of process `pid` from /proc, or of the reader (this process and the curls it
    ran) when None."""
    if pid is None:
        return sum(usage.ru_utime + usage.ru_stime
                   for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_cpu_seconds(pid):
    """CPU time of the service's threads by kind: the prefetch pool makes batches, the request carriers
    (virtual threads run on ForkJoinPool) write them."""
    kinds = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/stat") as stat:
                text = stat.read()
        except FileNotFoundError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        kind = "making" if name.startswith("mixup-prefetch") else "writing" if name.startswith("ForkJoinPool") else "other"
        fields = text.rsplit(")", 1)[1].split()
        kinds[kind] = kinds.get(kind, 0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return kinds


def in_process(generator, batch_size, seconds):
    next(generator)
    start, batches = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        next(generator)
        batches += 1
    return batches * batch_size / (time.perf_counter() - start)


def start_process(args, port, log):
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"{args[0]} exited; see {log.name}")
            time.sleep(0.2)
    raise SystemExit(f"{args} did not start")


class HeapWatch(threading.Thread):
    """Samples the service's used heap from its actuator while the run goes on."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.url = f"http://127.0.0.1:{port}/actuator/metrics/jvm.memory.used?tag=area:heap"
        self.peak, self.running = 0.0, True

    def run(self):
        while self.running:
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    self.peak = max(self.peak, json.load(response)["measurements"][0]["value"])
            except OSError:
                pass
            time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jar", default=None, help="default: target/mixup-service-*.jar")
    parser.add_argument("--java", default=os.environ.get("JAVA25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64") + "/bin/java")
    parser.add_argument("--jvm-opts", default="", help="e.g. -Xmx1g")
    parser.add_argument("--samples", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--seconds", type=float, default=6, help="per measurement")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of reading before each server measurement")
    parser.add_argument("--chunk", type=int, default=100, help="batches per stream call")
    parser.add_argument("--reader", choices=sorted(READERS), default="readinto",
                        help="how every server's stream is read: readinto (default, the fastest Python reader),"
                             " bytesio (the whole response, then np.load per array), curl (to /dev/null)")
    parser.add_argument("--ports", default="18080,18081,18082")
    args = parser.parse_args()
    jar = args.jar or sorted(glob.glob(str(HERE.parent / "target" / "mixup-service-*.jar")))[-1]
    port_d, port_c, port_e = (int(p) for p in args.ports.split(","))
    work = Path(tempfile.mkdtemp(prefix="mixup-bench-"))
    B = args.batch_size

    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (args.samples, 32, 32, 3), dtype=np.uint8)
    y = rng.integers(0, 10, args.samples)
    npz = work / "cifar-shaped.npz"
    np.savez(npz, x=x, y=y)
    size_mb = npz.stat().st_size / 1e6
    print(f"dataset {args.samples}x32x32x3 uint8, 10 classes: {size_mb:.0f} MB .npz; B={B}; {os.cpu_count()} cores;"
          f" {args.seconds:g} s per figure;"
          f" {args.reader} reader", flush=True)

    log = open(work / "servers.log", "w")
    service = start_process([args.java, *args.jvm_opts.split(), "-jar", jar, f"--server.port={port_d}",
                             f"--mixup.data-dir={work / 'data'}"], port_d, log)
    naive = start_process([sys.executable, str(HERE / "reference" / "naive_server.py"), "--port", str(port_c)], port_c, log)
    ceiling = start_process([sys.executable, str(HERE / "reference" / "ceiling_server.py"), "--port", str(port_e),
                             "--batch-size", str(B)], port_e, log)
    heap = HeapWatch(port_d)
    heap.start()
    try:
        body = npz.read_bytes()
        datasets, upload = {}, {}
        for name, port in (("D", port_d), ("C", port_c)):
            conn = http.client.HTTPConnection("127.0.0.1", port)
            start = time.perf_counter()
            datasets[name] = request(conn, "POST", "/v1/datasets?name=bench", body, "application/octet-stream")["id"]
            upload[name] = size_mb / (time.perf_counter() - start)
        del body

        y_onehot = np.eye(10, dtype=np.float32)[y]
        rows, cpu = [], {}
        for mode, settings in MODES.items():
            figures = {}
            if mode == "mixing only":
                figures["A"] = in_process(MixupGenerator(x, y_onehot, B)(), B, args.seconds)
            if mode == "full augmentation":
                figures["B"] = in_process(MixupGenerator(x, y_onehot, B, augment=KerasStyleAugmenter())(), B, args.seconds)
            for name, port in (("C", port_c), ("D", port_d), ("E", port_e)):
                conn = http.client.HTTPConnection("127.0.0.1", port)
                session = request(conn, "POST", "/v1/sessions", json.dumps(
                    {"dataset_id": datasets.get(name, "none"), "batch_size": B, "seed": 1, **settings}))["id"]
                before, reader_before, start = cpu_seconds(service.pid), cpu_seconds(), time.perf_counter()
                threads_before = thread_cpu_seconds(service.pid)
                figures[name] = pull(port, session, B, args.seconds, args.chunk, args.warmup, READERS[args.reader])
                if name == "D":
                    elapsed = time.perf_counter() - start
                    batches = figures[name] / B * elapsed
                    threads = {kind: (seconds - threads_before.get(kind, 0)) * 1000 / batches
                               for kind, seconds in thread_cpu_seconds(service.pid).items()}
                    cpu[mode] = ((cpu_seconds(service.pid) - before) / elapsed, (cpu_seconds() - reader_before) / elapsed, threads)
            rows.append((mode, figures))
            print(f"  {mode}: " + ", ".join(f"{k} {v:,.0f}" for k, v in sorted(figures.items())), flush=True)

        conn = http.client.HTTPConnection("127.0.0.1", port_d)
        first = {}
        for mode in ("mixing only", "full augmentation"):
            times = []
            for _ in range(15):
                start = time.perf_counter()
                session = request(conn, "POST", "/v1/sessions", json.dumps(
                    {"dataset_id": datasets["D"], "batch_size": B, **MODES[mode]}))["id"]
                request(conn, "POST", f"/v1/sessions/{session}/next")
                times.append((time.perf_counter() - start) * 1000)
                request(conn, "DELETE", f"/v1/sessions/{session}")
            first[mode] = statistics.median(times)
        with open(f"/proc/{service.pid}/status") as status:
            rss_mb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
    finally:
        heap.running = False
        for process in (service, naive, ceiling):
            process.terminate()
        for process in (service, naive, ceiling):
            process.wait(30)

    print()
    print(f"images/s, one run, client and servers on the same {os.cpu_count()} cores, B={B}, {args.reader} reader")
    print(f"| mode | A seed NumPy | B seed Keras-style | C naive server | D service | E ceiling | D/C | D/E | D/B |")
    print(f"|---|---|---|---|---|---|---|---|---|")
    fmt = lambda v: f"{v:,.0f}" if v else "-"
    for mode, f in rows:
        ratio = lambda a, b: f"{f[a] / f[b]:.2f}x" if f.get(a) and f.get(b) else "-"
        print(f"| {mode} | {fmt(f.get('A'))} | {fmt(f.get('B'))} | {fmt(f.get('C'))} | {fmt(f.get('D'))} | {fmt(f.get('E'))}"
              f" | {ratio('D', 'C')} | {ratio('D', 'E')} | {ratio('D', 'B') if 'B' in f else '-'} |")
    by_mode = dict(rows)
    print()
    print(f"- full augmentation, service vs seed Keras-style path: "
          f"{by_mode['full augmentation']['D'] / by_mode['full augmentation']['B']:.1f}x")
    f16 = lambda name: by_mode["float16 output"][name] / by_mode["mixing only"][name]
    print(f"- float16 vs float32 output: service {f16('D'):.2f}x, ceiling E {f16('E'):.2f}x, naive server {f16('C'):.2f}x")
    print(f"- upload of {size_mb:.0f} MB: service {upload['D']:.0f} MB/s, naive server {upload['C']:.0f} MB/s")
    print(f"- first batch of a new session (create + next, median of 15): "
          + ", ".join(f"{m} {v:.1f} ms" for m, v in first.items()))
    print("- CPU while the reader streams from the service (cores busy; the service's CPU per batch, and of it the"
          " prefetch threads making batches and the request threads writing them): " + ", ".join(
              f"{m} service {c[0]:.2f} / reader {c[1]:.2f}, {c[0] * 1000 / (by_mode[m]['D'] / B):.2f} ms"
              f" (making {c[2].get('making', 0):.2f}, writing {c[2].get('writing', 0):.2f})" for m, c in cpu.items()))
    print(f"- service peak RSS {rss_mb:.0f} MB, peak used heap {heap.peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
