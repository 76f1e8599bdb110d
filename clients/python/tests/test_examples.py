"""The examples run, briefly, against the service with the real frameworks."""
import re
import subprocess
import sys

from conftest import ROOT, require


def run_example(service, name, *args):
    env = service.env()
    result = subprocess.run([sys.executable, str(ROOT / "examples" / name), *args], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    accuracy = re.search(r"^test accuracy: (\d\.\d+)$", result.stdout, re.MULTILINE)
    assert accuracy, result.stdout
    return result.stdout, float(accuracy.group(1))


def test_keras_cifar10_example_trains(service):
    require("keras")
    output, accuracy = run_example(service, "keras_cifar10.py", "--synthetic", "--samples", "1024", "--epochs", "2",
                                   "--steps", "4", "--batch-size", "64")
    assert "served 8 batches" in output
    assert 0 <= accuracy <= 1


def test_torch_fashion_mnist_example_trains_with_two_workers(service, client):
    require("torch")
    sessions = len(client.sessions())
    output, accuracy = run_example(service, "torch_fashion_mnist.py", "--epochs", "2", "--steps", "8",
                                   "--limit", "3000")
    assert re.findall(r"^epoch \d: (\d+) batches", output, re.MULTILINE) == ["8", "8"]
    assert accuracy > 0.2  # above chance (0.1) after 16 small steps
    assert len(client.sessions()) == sessions  # the workers closed their sessions, also after a break
