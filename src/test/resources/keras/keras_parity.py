"""The real Keras 3 ImageDataGenerator, for dev.mixup.core.KerasParityTests.

    keras_parity.py probe              prints the Keras version (exit 1 without Keras or PIL)
    keras_parity.py CASES.json OUT.npz runs the cases, writes every result as a float64 array

Keras needs a backend to import; the first installed of jax, torch, tensorflow is used unless
KERAS_BACKEND is set. The generator itself is NumPy and SciPy, and PIL for brightness.
"""
import importlib.util
import json
import os
import sys

if "KERAS_BACKEND" not in os.environ:
    for backend in ("jax", "torch", "tensorflow"):
        if importlib.util.find_spec(backend):
            os.environ["KERAS_BACKEND"] = backend
            break

import numpy as np  # noqa: E402
import keras  # noqa: E402
import PIL  # noqa: E402,F401  (Keras' brightness shift goes through PIL)
from keras.src.legacy.preprocessing.image import ImageDataGenerator  # noqa: E402

KEYS = ("theta", "tx", "ty", "shear", "zx", "zy", "flip_horizontal", "flip_vertical",
        "channel_shift_intensity", "brightness")


def image(shape, n=0):
    """The test image both sides compute: whole numbers in [0, 255] that differ pixel to pixel."""
    h, w, c = shape
    r, col, ch = np.meshgrid(np.arange(h), np.arange(w), np.arange(c), indexing="ij")
    return ((r * 7 + col * 13 + ch * 29 + r * col * 3 + n * 41) % 256).astype(np.float64)


def main():
    if sys.argv[1] == "probe":
        print(keras.__version__)
        return
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    out = {}
    for case in cases["draws"]:
        generator = ImageDataGenerator(**case["settings"])
        np.random.seed(case["seed"])
        draws = [generator.get_random_transform(tuple(case["shape"])) for _ in range(case["count"])]
        for key in KEYS:
            out[case["name"] + "." + key] = np.array(
                [np.nan if d[key] is None else float(d[key]) for d in draws])
    for case in cases["transforms"]:
        generator = ImageDataGenerator(**case["settings"])
        x = image(case["shape"])
        if case["transpose"]:
            x = x.transpose(1, 0, 2)
        y = generator.apply_transform(x, case["params"])
        if case["transpose"]:
            y = y.transpose(1, 0, 2)
        out[case["name"]] = np.asarray(y, dtype=np.float64).ravel()
    for case in cases["standardize"]:
        generator = ImageDataGenerator(**case["settings"])
        data = np.stack([image(case["shape"], n) for n in range(case["samples"])])
        if case["settings"].get("featurewise_center") or case["settings"].get("featurewise_std_normalization"):
            generator.fit(data)
        out[case["name"]] = np.asarray(generator.standardize(np.copy(data[0])), dtype=np.float64).ravel()
    np.savez(sys.argv[2], **out)
    print(keras.__version__, os.environ["KERAS_BACKEND"])


main()
