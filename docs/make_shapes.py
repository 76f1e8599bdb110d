#!/usr/bin/env python3
"""Writes shapes.npz: 32x32 RGB images of a coloured disc, square or triangle on a gradient,
labelled 0, 1, 2 (a dataset whose augmentations are easy to see, for docs/preview.png)."""
import sys

import numpy as np

rng = np.random.default_rng(0)
n, size = int(sys.argv[1]) if len(sys.argv) > 1 else 512, 32
yy, xx = np.mgrid[0:size, 0:size]
x = np.empty((n, size, size, 3), dtype=np.uint8)
y = rng.integers(0, 3, n)
for i in range(n):
    background = np.stack([xx * 4, yy * 4, np.full_like(xx, 60)], axis=-1)
    cy, cx, r = rng.integers(10, 22, 2).tolist() + [int(rng.integers(5, 9))]
    if y[i] == 0:
        mask = (yy - cy) ** 2 + (xx - cx) ** 2 <= r * r
    elif y[i] == 1:
        mask = (abs(yy - cy) <= r) & (abs(xx - cx) <= r)
    else:
        mask = (yy - cy + r >= 0) & (yy - cy <= r) & (abs(xx - cx) <= (yy - cy + r) / 2)
    image = background.copy()
    image[mask] = rng.integers(120, 256, 3)
    x[i] = image.clip(0, 255)
np.savez("shapes.npz", x=x, y=y)
