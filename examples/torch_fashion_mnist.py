#!/usr/bin/env python3
"""Trains a small CNN on Fashion-MNIST from mixup-service, through a DataLoader with 2 workers.

Each worker reads its own shard of one seed (MixupIterableDataset), so no image is used twice in an
epoch. The data comes from Debian's dataset-fashion-mnist package when it is installed
(/usr/share/datasets/fashion-mnist), else it is generated.

    python3 examples/torch_fashion_mnist.py                        # 10 epochs
    python3 examples/torch_fashion_mnist.py --epochs 1 --steps 20  # briefly

Needs PyTorch; the service at MIXUP_URL (default http://localhost:8080), with MIXUP_API_KEY when
it has one.
"""
import argparse
import gzip
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader

import mixup_client
from mixup_client.torch import MixupIterableDataset

DEBIAN = Path("/usr/share/datasets/fashion-mnist")


def idx(path, magic, header):
    """An IDX file (the MNIST format) as uint8: big-endian header words, then the data."""
    data = gzip.open(path).read()
    found = int.from_bytes(data[:4], "big")
    if found != magic:
        raise ValueError(f"{path}: magic {found:#x}, expected {magic:#x}")
    return np.frombuffer(data, np.uint8, offset=header)


def fashion_mnist(limit):
    """(x_train, y_train), (x_test, y_test) with x of shape (N, 28, 28, 1) uint8, y integer labels."""
    if (DEBIAN / "train-images-idx3-ubyte.gz").exists():
        def load(kind):
            x = idx(DEBIAN / f"{kind}-images-idx3-ubyte.gz", 0x803, 16).reshape(-1, 28, 28, 1)
            return x, idx(DEBIAN / f"{kind}-labels-idx1-ubyte.gz", 0x801, 8)
        (x_train, y_train), test = load("train"), load("t10k")
        print(f"Fashion-MNIST from {DEBIAN}")
    else:
        rng = np.random.default_rng(0)
        labels = rng.integers(0, 10, 70_000)
        bars = np.zeros((10, 28, 28, 1), np.int64)
        for k in range(10):  # class k: a bright bar at row 2k+4
            bars[k, 2 * k + 4:2 * k + 7] = 200
        x = np.clip(bars[labels] + rng.integers(0, 80, (70_000, 28, 28, 1)), 0, 255).astype(np.uint8)
        (x_train, y_train), test = (x[:60_000], labels[:60_000]), (x[60_000:], labels[60_000:])
        print("generated data (install dataset-fashion-mnist for the real images)")
    return (x_train[:limit], y_train[:limit]), (test[0][:limit // 6], test[1][:limit // 6])


def small_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="the service (default: MIXUP_URL or http://localhost:8080)")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--steps", type=int, help="stop each epoch after this many batches")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--limit", type=int, default=60_000,
                        help="training samples to upload (and a sixth of that to test on)")
    args = parser.parse_args()

    (x_train, y_train), (x_test, y_test) = fashion_mnist(args.limit)
    client = mixup_client.Client(args.url)
    dataset = client.upload(x_train, y_train, name="fashion-mnist", num_classes=10)
    data = MixupIterableDataset(client, dataset, seed=1, batch_size=args.batch_size, alpha=0.2,
                                data_format="channels_first", datagen={"horizontal_flip": True, "rescale": 1 / 255})
    loader = DataLoader(data, batch_size=None, num_workers=2)

    torch.manual_seed(0)
    model = small_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(args.epochs):
        model.train()
        total, batches = 0.0, 0
        for x, y in loader:
            loss = nn.functional.cross_entropy(model(x), y)  # y: mixed one-hot labels (probabilities)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total, batches = total + loss.item(), batches + 1
            if batches == args.steps:
                break
        print(f"epoch {epoch + 1}: {batches} batches, loss {total / max(batches, 1):.4f}")

    model.eval()
    with torch.no_grad():
        x = torch.tensor(x_test).permute(0, 3, 1, 2).float() / 255
        accuracy = (model(x).argmax(1).numpy() == y_test).mean()
    print(f"test accuracy: {accuracy:.3f}")


if __name__ == "__main__":
    main()
