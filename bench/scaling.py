#!/usr/bin/env python3
"""Scaling out: images/s served by 1 and by 3 replicas of the image, each limited to --cpus (0.5), sharing
one Redis (sessions) and one S3 API server (datasets), with full augmentation.

    ./mvnw -B -q package -DskipTests && docker build -t mixup-service:bench .
    python3 bench/scaling.py --image mixup-service:bench

Redis is the locally built mixup-redis:bookworm (.ci/build-redis-image.sh); the S3 API server is S3Proxy
(filesystem backend) run from the project's test classpath on this host, which the replicas reach through
the Docker host gateway. The clients are cheap on purpose (they count the bytes of each batch and discard
them, no decoding) and reach the replicas at their container addresses (no docker-proxy in between), so
that the replicas' CPU limits, not the clients, bound the throughput. It prints images/s per replica
count, the ratio, the CPU the clients used, the replicas' CPU (docker stats), how busy the whole machine
was and the load average.
"""
import argparse
import contextlib
import http.client
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME = "mixup-scaling"
BUCKET = "mixup-bench"
ACCESS_KEY, SECRET_KEY = "mixup-test-access", "mixup-test-secret"  # S3TestServer's
AUGMENTATION = {"datagen": {"width_shift_range": 0.1, "height_shift_range": 0.1, "horizontal_flip": True},
                "eraser": {"p": 0.5}}


def docker(*args, capture=True):
    done = subprocess.run(["docker", *args], check=True, text=True, capture_output=capture)
    return done.stdout.strip() if capture else None


def free_port():
    with socket.socket() as s:
        s.bind(("", 0))
        return s.getsockname()[1]


def wait_until(check, what, seconds=300):
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.5)


def answers(host, port, path="/"):
    try:
        conn = http.client.HTTPConnection(host, port, timeout=2)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return None


@contextlib.contextmanager
def s3proxy(workdir):
    """S3Proxy on every interface of this host (dev.mixup.testing.S3TestServer, objects under workdir); yields its port."""
    classpath_file = os.path.join(PROJECT, "target", "test-classpath.txt")
    if not os.path.exists(classpath_file):
        subprocess.run([os.path.join(PROJECT, "mvnw"), "-B", "-q", "-f", os.path.join(PROJECT, "pom.xml"),
                        "test-compile", "dependency:build-classpath", "-Dmdep.includeScope=test",
                        f"-Dmdep.outputFile={classpath_file}"], check=True)
    classpath = os.path.join(PROJECT, "target", "test-classes") + os.pathsep + open(classpath_file).read().strip()
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    log_path = os.path.join(workdir, "s3.log")  # its port, among whatever it logs
    with open(log_path, "w") as log:
        process = subprocess.Popen([java, "-Xmx256m", "-cp", classpath, "dev.mixup.testing.S3TestServer",
                                    os.path.join(workdir, "objects"), BUCKET], stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: port_in(log_path) is not None, "the S3 API server", 120)
        yield port_in(log_path)
    finally:
        process.terminate()
        process.wait(30)


def port_in(log_path):
    with open(log_path) as log:
        return next((int(line) for line in log if line.strip().isdigit()), None)


def start_replica(index, image, s3_port, cpus):
    name = f"{NAME}-{index}"
    docker("run", "-d", "--name", name, "--network", NAME, "--cpus", str(cpus), "--memory", "1g",
           "--add-host", "host.docker.internal:host-gateway",
           "-e", "MIXUP_SESSIONS_STORE=redis", "-e", f"SPRING_DATA_REDIS_URL=redis://{NAME}-redis:6379",
           "-e", "MIXUP_DATASETS_STORE=s3", "-e", f"MIXUP_DATASETS_S3_BUCKET={BUCKET}",
           "-e", f"MIXUP_DATASETS_S3_ENDPOINT=http://host.docker.internal:{s3_port}",
           "-e", "MIXUP_DATASETS_S3_PATH_STYLE=true", "-e", "MIXUP_DATASETS_S3_REGION=us-east-1",
           "-e", f"AWS_ACCESS_KEY_ID={ACCESS_KEY}", "-e", f"AWS_SECRET_ACCESS_KEY={SECRET_KEY}", image)
    return name, docker("inspect", "-f", f'{{{{(index .NetworkSettings.Networks "{NAME}").IPAddress}}}}', name)


def cifar_shaped(samples):
    """A CIFAR-10-shaped .npz: x uint8 (samples, 32, 32, 3) of random pixels, y int64 class ids."""
    rng = np.random.default_rng(1)
    out = io.BytesIO()
    np.savez(out, x=rng.integers(0, 256, (samples, 32, 32, 3), dtype=np.uint8), y=np.arange(samples) % 10)
    return out.getvalue()


def call(address, method, path, body=None, headers=None):
    """One control call on a connection of its own (the clients' keep-alive connections are for batches only)."""
    conn = http.client.HTTPConnection(address, 8080, timeout=300)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
    return data


class Client(threading.Thread):
    """A trainer on a session of its own, on one replica; counts images, keeps no bytes.

    One connection per call (Connection: close), read to its end with recv_into: no HTTP parsing in Python
    beyond the status line, so a 1.5 MB batch costs the client little more than the kernel's copy.
    """

    def __init__(self, number, addresses, session, args, stop):
        super().__init__(daemon=True)
        self.number, self.addresses, self.args, self.stop = number, addresses, args, stop
        self.batches = args.stream_batches if args.mode == "stream" else 1
        path = (f"/v1/sessions/{session}/stream?batches={self.batches}" if args.mode == "stream"
                else f"/v1/sessions/{session}/next")
        self.request = f"POST {path} HTTP/1.1\r\nHost: mixup\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
        self.images = 0
        self.refused = 0

    def run(self):
        buffer = memoryview(bytearray(4 << 20))
        # Sticky, as a trainer's keep-alive connection through a Kubernetes Service is: a session whose calls
        # alternate between replicas makes each replica prefetch steps that another one then claims, so that
        # work is done and thrown away (ReplicasIT covers alternating calls for correctness).
        address = self.addresses[self.number % len(self.addresses)]
        while not self.stop.is_set():
            with socket.create_connection((address, 8080), timeout=60) as connection:
                connection.sendall(self.request)
                received = connection.recv_into(buffer)
                status = bytes(buffer[:min(received, 16)]).split(b" ", 2)[1]
                while connection.recv_into(buffer):
                    pass
            if status == b"200":
                self.images += self.batches * self.args.batch_size
            else:
                self.refused += 1
                time.sleep(0.05)


def measure(addresses, dataset, args, settle, seconds):
    """images/s of args.clients clients, dealt round-robin to addresses, pulling for seconds after settle seconds."""
    stop = threading.Event()
    sessions = [json.loads(call(addresses[0], "POST", "/v1/sessions", json.dumps(
        dict(AUGMENTATION, dataset_id=dataset, batch_size=args.batch_size, seed=i)),
        {"Content-Type": "application/json"}))["id"] for i in range(args.clients)]
    clients = [Client(i, addresses, session, args, stop) for i, session in enumerate(sessions)]
    for c in clients:
        c.start()
    time.sleep(settle)
    images0, cpu0, t0, host0 = sum(c.images for c in clients), time.process_time(), time.perf_counter(), host_cpu()
    stats = {}
    sampler = threading.Thread(target=lambda: (time.sleep(seconds / 2), stats.update(docker_cpu())))
    sampler.start()
    time.sleep(seconds)
    images1, cpu1, t1, host1 = sum(c.images for c in clients), time.process_time(), time.perf_counter(), host_cpu()
    load = os.getloadavg()
    stop.set()
    for c in clients:
        c.join(60)
    sampler.join()
    for session in sessions:
        call(addresses[0], "DELETE", f"/v1/sessions/{session}")
    return {"replicas": len(addresses), "images_per_s": (images1 - images0) / (t1 - t0),
            "client_cpu": (cpu1 - cpu0) / (t1 - t0), "refused": sum(c.refused for c in clients),
            "replica_cpu": stats, "load": load,
            "host_busy": (host1[0] - host0[0]) / (host1[1] - host0[1]) * os.cpu_count()}


def host_cpu():
    """(busy, total) jiffies of all CPUs of this machine, from /proc/stat."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def docker_cpu():
    out = docker("stats", "--no-stream", "--format", "{{.Name}} {{.CPUPerc}}")
    return {line.split()[0]: line.split()[1] for line in out.splitlines() if line.startswith(NAME)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--image", default="mixup-service:bench")
    parser.add_argument("--redis-image", default="mixup-redis:bookworm")
    parser.add_argument("--cpus", type=float, default=0.5, help="CPU limit of each replica (docker run --cpus)")
    parser.add_argument("--samples", type=int, default=10000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--clients", type=int, default=3, help="concurrent clients, the same for 1 and 3 replicas")
    parser.add_argument("--mode", choices=("stream", "next"), default="stream")
    parser.add_argument("--stream-batches", type=int, default=8, help="batches per stream call")
    parser.add_argument("--warmup", type=float, default=60, help="seconds of load on all replicas before measuring")
    parser.add_argument("--seconds", type=float, default=30, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=2, help="1-then-3-replica measurements, averaged")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mixup-scaling-") as workdir, s3proxy(workdir) as s3_port:
        docker("network", "create", NAME)
        names = [f"{NAME}-redis"]
        try:
            docker("run", "-d", "--name", f"{NAME}-redis", "--network", NAME, args.redis_image)
            replicas = []
            for index in range(3):
                name, ip = start_replica(index, args.image, s3_port, args.cpus)
                names.append(name)
                replicas.append(ip)
            for ip in replicas:
                wait_until(lambda: answers(ip, 8080, "/actuator/health/readiness") == 200, f"replica {ip}")
            dataset = json.loads(call(replicas[0], "POST", "/v1/datasets?name=cifar-shaped", cifar_shaped(args.samples),
                                      {"Content-Type": "application/octet-stream"}))["id"]
            # every replica copies the dataset from S3 to its cache and compiles its hot path before any measurement
            measure(replicas, dataset, args, 0, args.warmup)
            rates = {1: [], 3: []}
            for _ in range(args.rounds):
                for count in (1, 3):
                    result = measure(replicas[:count], dataset, args, 5, args.seconds)
                    rates[count].append(result["images_per_s"])
                    print(f"{count} replica(s) x {args.cpus} CPU, {args.clients} clients, {args.mode}: "
                          f"{result['images_per_s']:8.0f} images/s; clients used {result['client_cpu']:.2f} CPU; "
                          f"replicas {result['replica_cpu']}; {result['refused']} refused; "
                          f"machine busy {result['host_busy']:.2f} of {os.cpu_count()} CPUs; "
                          f"load average {result['load'][0]:.2f}", flush=True)
            one, three = (sum(rates[n]) / len(rates[n]) for n in (1, 3))
            print(f"mean of {args.rounds} round(s): 1 replica {one:.0f} images/s, 3 replicas {three:.0f} images/s, "
                  f"ratio {three / one:.2f}x")
        finally:
            for name in names:
                subprocess.run(["docker", "rm", "-f", name], capture_output=True)
            subprocess.run(["docker", "network", "rm", NAME], capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
