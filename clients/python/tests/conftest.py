"""Fixtures: the real service (the packaged jar, on a free port, with a temporary data dir and an
API key), a client for it, small datasets, and a fault-injecting proxy in front of it.

The jar comes from MIXUP_JAR (Maven passes it) or target/mixup-service-*.jar; Java is the first
Java 25+ of MIXUP_JAVA, JAVA_HOME, /usr/lib/jvm/*25* and PATH. Without a jar the service tests
are skipped, except under CI=true, where they fail.
"""
import glob
import importlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "clients" / "python" / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import mixup_client  # noqa: E402
from proxy import FaultProxy  # noqa: E402

IN_CI = os.environ.get("CI") == "true"
# Keras runs on PyTorch here (installed for the torch tests anyway) unless KERAS_BACKEND says otherwise.
os.environ.setdefault("KERAS_BACKEND", "torch")
API_KEY = "test-key-0123456789"


def require(module):
    """The module, or a skip where it is not installed; under CI=true a missing framework fails."""
    if IN_CI:
        return importlib.import_module(module)
    return pytest.importorskip(module)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _jar():
    jar = os.environ.get("MIXUP_JAR")
    if jar:
        return jar
    jars = [j for j in glob.glob(str(ROOT / "target" / "mixup-service-*.jar")) if not j.endswith(".original")]
    return max(jars, key=os.path.getmtime) if jars else None


def _java():
    """A Java 25+ to run the jar: MIXUP_JAVA, JAVA_HOME, the usual JDK 25 place, or the one on PATH."""
    candidates = [os.environ.get("MIXUP_JAVA"),
                  os.environ.get("JAVA_HOME") and os.path.join(os.environ["JAVA_HOME"], "bin", "java"),
                  *sorted(glob.glob("/usr/lib/jvm/*25*/bin/java")), shutil.which("java")]
    for java in filter(None, candidates):
        try:
            version = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
        except OSError:
            continue
        found = re.search(r'version "(\d+)', version)
        if found and int(found.group(1)) >= 25:
            return java
    pytest.fail("no Java 25 found to run the service: set MIXUP_JAVA or JAVA_HOME")


class Service:
    def __init__(self, url, data_dir, process, log):
        self.url, self.data_dir, self.process, self.log = url, data_dir, process, log

    def env(self):
        """The environment a user's script would run with: MIXUP_URL, MIXUP_API_KEY, the client on the path."""
        env = dict(os.environ, MIXUP_URL=self.url, MIXUP_API_KEY=API_KEY)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "clients" / "python" / "src"),
                                                          env.get("PYTHONPATH")]))
        return env


@pytest.fixture(scope="session")
def service(tmp_path_factory):
    jar = _jar()
    if not jar:
        if IN_CI:
            pytest.fail("no service jar: run ./mvnw package first or set MIXUP_JAR")
        pytest.skip("no service jar (./mvnw -B package -DskipTests builds it)")
    data_dir = tmp_path_factory.mktemp("mixup-data")
    port = free_port()
    log_path = data_dir.parent / "service.log"
    log = open(log_path, "wb")
    process = subprocess.Popen(
        [_java(), "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", jar, f"--server.port={port}",
         "--server.address=127.0.0.1", f"--mixup.data-dir={data_dir}", f"--mixup.api-key={API_KEY}",
         "--mixup.max-upload-bytes=256MB"],
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        if process.poll() is not None:
            pytest.fail(f"the service exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/actuator/health/readiness", timeout=2) as answer:
                if answer.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the service did not get ready:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.25)
    yield Service(url, data_dir, process, log_path)
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def client(service):
    return mixup_client.Client(service.url, api_key=API_KEY)


def images(n, shape=(8, 8, 3), seed=0):
    """``n`` random uint8 images and integer labels (10 classes)."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 256, (n, *shape), dtype=np.uint8)
    y = rng.integers(0, 10, n)
    return x, y


@pytest.fixture(scope="session")
def toy(service):
    """512 8x8 RGB images with integer labels (10 classes), uploaded once."""
    x, y = images(512)
    dataset = mixup_client.Client(service.url, api_key=API_KEY).upload(x, y, name="toy", num_classes=10)
    return dataset, x, y


@pytest.fixture
def proxy(service):
    with FaultProxy(service.url) as running:
        yield running
