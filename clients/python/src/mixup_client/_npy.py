"""The .npy format, read straight from a socket and written for uploads.

``np.load`` needs a seekable file, and an HTTP body is not one, so arrays are read here: the
header is parsed strictly (a literal dict with exactly ``descr``, ``fortran_order`` and ``shape``,
a numeric dtype, never a pickle: ``allow_pickle=False`` semantics) and the data is read into the
array's own buffer, with no intermediate copy.
"""
import ast
import functools
import re
import struct

import numpy as np

MAGIC = b"\x93NUMPY"
MAX_HEADER_LENGTH = 10_000  # NumPy refuses longer headers by default, too
MAX_DIMENSIONS = 32
ALIGNMENT = 64
_DESCR = re.compile(r"^(?:\|[biu]1|[<>][iu][248]|[<>]f[248])$")


class NpyFormatError(ValueError):
    """The bytes are not a .npy array this client accepts."""


class StreamEnded(ConnectionError):
    """The stream ended before the array did."""


def read_array(stream):
    """Reads one .npy array from ``stream`` (anything with ``readinto``) and returns it, writable."""
    preamble = read_exactly(stream, 8)
    if preamble[:6] != MAGIC:
        raise NpyFormatError(f"not a .npy array: starts with {bytes(preamble[:6])!r}")
    version = (preamble[6], preamble[7])
    if version == (1, 0):
        (length,) = struct.unpack("<H", read_exactly(stream, 2))
        encoding = "latin1"
    elif version in ((2, 0), (3, 0)):
        (length,) = struct.unpack("<I", read_exactly(stream, 4))
        encoding = "latin1" if version == (2, 0) else "utf8"
    else:
        raise NpyFormatError(f"unsupported .npy version {version[0]}.{version[1]}")
    if length > MAX_HEADER_LENGTH:
        raise NpyFormatError(f".npy header of {length} bytes is longer than {MAX_HEADER_LENGTH}")
    dtype, fortran_order, shape = parse_header(bytes(read_exactly(stream, length)).decode(encoding))
    array = np.empty(shape, dtype, order="F" if fortran_order else "C")
    if array.size:
        read_exactly(stream, array.nbytes, into=memoryview(array.reshape(-1, order="A").view(np.uint8)))
    return array


@functools.lru_cache(maxsize=64)  # a stream repeats the same few headers batch after batch
def parse_header(text):
    """``(dtype, fortran_order, shape)`` from a .npy header dict, or NpyFormatError saying what is wrong."""
    if not text.endswith("\n"):
        raise NpyFormatError("the .npy header does not end with a newline")
    try:
        header = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise NpyFormatError(f"the .npy header is not a Python literal: {text[:200]!r}") from None
    if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
        raise NpyFormatError(f"the .npy header needs exactly descr, fortran_order, shape: {text[:200]!r}")
    descr, fortran_order, shape = header["descr"], header["fortran_order"], header["shape"]
    if not isinstance(descr, str) or not _DESCR.match(descr):
        raise NpyFormatError(f"dtype {descr!r} is not a numeric NumPy dtype (bool, int, uint, float)")
    if not isinstance(fortran_order, bool):
        raise NpyFormatError(f"fortran_order must be True or False, not {fortran_order!r}")
    if (not isinstance(shape, tuple) or len(shape) > MAX_DIMENSIONS
            or not all(type(n) is int and n >= 0 for n in shape)):
        raise NpyFormatError(f"shape must be a tuple of at most {MAX_DIMENSIONS} non-negative integers, not {shape!r}")
    return np.dtype(descr), fortran_order, shape


def read_exactly(stream, count, into=None):
    """Fills ``into`` (or a new buffer of ``count`` bytes) from ``stream``; StreamEnded if it ends first."""
    view = into if into is not None else memoryview(bytearray(count))
    filled = 0
    while filled < count:
        n = stream.readinto(view[filled:])
        if not n:
            raise StreamEnded(f"the stream ended after {filled} of {count} bytes")
        filled += n
    return view


def header(dtype, shape):
    """A version 1.0 .npy header for a C-order array, padded so the data starts 64-byte aligned."""
    text = "{'descr': %r, 'fortran_order': False, 'shape': %r, }" % (dtype.str, tuple(int(n) for n in shape))
    unpadded = len(MAGIC) + 4 + len(text) + 1
    text += " " * (-unpadded % ALIGNMENT) + "\n"
    return MAGIC + b"\x01\x00" + struct.pack("<H", len(text)) + text.encode("latin1")
