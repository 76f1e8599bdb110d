#!/usr/bin/env python3
"""Writes the .npy/.npz test fixtures of the dev.mixup.npy package next to this script.

Usage: python3 make_fixtures.py [output-dir]

Needs only numpy (2.x) and the standard library. The output is deterministic (fixed seed,
fixed zip timestamps), so re-running it on an unchanged script changes no committed file.

Besides the fixtures it writes expected.tsv, which tells the Java tests what every valid
array holds, so that no test has to hard-code a value that numpy produced:

    source  dtype  order  fortran  version  shape  values

source is a file name, or FILE:MEMBER for a .npz member; dtype is numpy's dtype name; order is
the byte-order character of the descr ('<', '>' or '|'); version is the .npy format version;
shape is space-separated (empty for a scalar); values are the elements as Java-parsable
doubles in the order they are stored in the file (C order, or Fortran order when fortran
is True).

Files named hostile_* must be rejected by the reader; each targets one defence.
"""

import io
import os
import struct
import sys
import warnings
import zipfile
import zlib

import numpy as np
from numpy.lib import format as npformat

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(0)
# np.savez writes this timestamp too; a fixed one keeps the zip bytes reproducible.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
          "float16", "float32", "float64"]

expected_rows = []


def path(name):
    return os.path.join(OUT, name)


def write_bytes(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def java_double(value):
    """A string Double.parseDouble reads back as exactly float(value)."""
    if isinstance(value, (np.integer, np.bool_)):
        value = int(value)  # int -> float rounds correctly, also for uint64 beyond 2**53
    value = float(value)
    if np.isnan(value):
        return "NaN"
    if np.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def expect(source, array, version=(1, 0)):
    fortran = array.flags.f_contiguous and not array.flags.c_contiguous  # numpy's own rule
    stored = array.ravel(order="F" if fortran else "C")
    expected_rows.append("\t".join([
        source,
        array.dtype.name,
        array.dtype.str[0],
        str(fortran),
        "%d.%d" % version,
        " ".join(str(d) for d in array.shape),
        " ".join(java_double(v) for v in stored),
    ]))


def save(name, array, version=(1, 0)):
    with open(path(name), "wb") as f:
        npformat.write_array(f, array, version=version)
    expect(name, array, version)


def sample_values(dtype, count):
    """count values of dtype, starting with the edge cases a decoder gets wrong first."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return RNG.integers(0, 2, count).astype(bool)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        edges = np.array([info.min, info.max, 0, 1], dtype=dtype)
        rest = RNG.integers(info.min, info.max, count - len(edges), dtype=dtype, endpoint=True)
        return np.concatenate([edges, rest])
    info = np.finfo(dtype)
    edges = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, info.max, info.tiny,
                      info.smallest_subnormal], dtype=dtype)
    rest = (RNG.standard_normal(count - len(edges)) * 100).astype(dtype)
    return np.concatenate([edges, rest])


def npy_bytes(header_text, data=b"", version=(1, 0)):
    """A .npy file with a hand-written header, padded the way numpy pads it."""
    length_format = "<H" if version == (1, 0) else "<I"
    encoded = header_text.encode("utf-8" if version == (3, 0) else "latin1")
    preamble = 6 + 2 + struct.calcsize(length_format)
    padding = 64 - (preamble + len(encoded) + 1) % 64
    encoded += b" " * padding + b"\n"
    return (b"\x93NUMPY" + bytes(version) + struct.pack(length_format, len(encoded))
            + encoded + data)


def array_bytes(array):
    buffer = io.BytesIO()
    npformat.write_array(buffer, array)
    return buffer.getvalue()


def zip_member(archive, name, data, method=zipfile.ZIP_STORED):
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.compress_type = method
    archive.writestr(info, data)


def write_zip(name, members, method=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path(name), "w") as archive:
        for member_name, data in members:
            zip_member(archive, member_name, data, method)


class Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then streams each member with a data descriptor."""

    def __init__(self, sink):
        self.sink = sink

    def writable(self):
        return True

    def write(self, data):
        return self.sink.write(data)


# --- valid arrays ---------------------------------------------------------------------------

for name in DTYPES:
    values = sample_values(name, 12).reshape(3, 4)
    save("dtype_%s.npy" % name, values)
    if values.dtype.itemsize > 1:
        save("dtype_%s_be.npy" % name, values.astype(values.dtype.newbyteorder(">")))

save("scalar.npy", np.array(3.25, dtype="<f8"))
save("vector.npy", np.arange(-2, 3, dtype="<i2"))
save("empty.npy", np.zeros((0, 3), dtype="<i4"))
save("fortran.npy", np.asfortranarray(RNG.standard_normal((3, 4, 2)).astype("<f4")))
save("version2.npy", RNG.standard_normal((2, 3)).astype("<f4"), version=(2, 0))
save("version3.npy", RNG.integers(-1000, 1000, (2, 2), dtype="<i2"), version=(3, 0))


def find_aligned_edge_shape():
    """A shape whose header needs no padding, where numpy still pads a full 64 spaces."""
    for ndim in range(2, 33):
        for digits in range(1, 17):  # keeps the element count of the other dims in int64
            shape = (0,) * (ndim - 1) + (10 ** (digits - 1),)
            text = "{'descr': '<f8', 'fortran_order': False, 'shape': %r, }" % (shape,)
            unpadded = 10 + len(text) + 21 - len(repr(shape[0])) + 1  # growth spaces and '\n'
            if unpadded % 64 == 0:
                header = array_bytes(np.zeros(shape, dtype="<f8"))
                assert 10 + struct.unpack("<H", header[8:10])[0] == unpadded + 64
                return shape
    raise AssertionError("no shape hits the alignment edge")


save("aligned_edge.npy", np.zeros(find_aligned_edge_shape(), dtype="<f8"))

# --- archives -------------------------------------------------------------------------------

x = RNG.integers(0, 256, (6, 4, 5, 3), dtype=np.uint8)
y = RNG.integers(0, 10, 6, dtype=np.int64)
np.savez(path("savez.npz"), x=x, y=y)
np.savez_compressed(path("savez_compressed.npz"), x=x, y=y)
for archive in ("savez.npz", "savez_compressed.npz"):
    expect(archive + ":x", x)
    expect(archive + ":y", y)

# Positional arrays (named arr_0, arr_1) written to a stream that cannot seek back.
streamed = io.BytesIO()
first = RNG.standard_normal((2, 2)).astype("<f4")
second = np.array([True, False, True])
np.savez_compressed(Unseekable(streamed), first, second)
write_bytes("data_descriptors.npz", streamed.getvalue())
assert all(info.flag_bits & 0x08 for info in zipfile.ZipFile(streamed).infolist())
expect("data_descriptors.npz:arr_0", first)
expect("data_descriptors.npz:arr_1", second)

# numpy writes zip64 extras in local headers only; a low zip64 limit makes zipfile also
# write them in the central directory, plus a zip64 end record, as it would past 4 GiB.
zip64_limit = zipfile.ZIP64_LIMIT
zipfile.ZIP64_LIMIT = 64
try:
    np.savez(path("zip64.npz"), x=x, y=y)
finally:
    zipfile.ZIP64_LIMIT = zip64_limit
with open(path("zip64.npz"), "rb") as f:
    assert b"PK\x06\x06" in f.read()  # zip64 end of central directory record
expect("zip64.npz:x", x)
expect("zip64.npz:y", y)

# --- hostile files --------------------------------------------------------------------------

objects = np.array([{"a": 1}, None], dtype=object)
with open(path("hostile_object.npy"), "wb") as f:
    np.save(f, objects, allow_pickle=True)
np.savez(path("hostile_object.npz"), x=x, y=objects, allow_pickle=True)

np.save(path("hostile_structured.npy"), np.zeros(2, dtype=[("a", "<i4"), ("b", "<f8")]))
np.save(path("hostile_unicode.npy"), np.array(["cat", "dog"]))
np.save(path("hostile_bytes.npy"), np.array([b"cat", b"dog"]))
np.save(path("hostile_complex.npy"), np.zeros(2, dtype="<c8"))
np.save(path("hostile_datetime.npy"), np.array(["2024-01-01"], dtype="datetime64[D]"))
np.save(path("hostile_timedelta.npy"), np.array([5], dtype="timedelta64[s]"))
np.save(path("hostile_void.npy"), np.zeros(2, dtype="V4"))
np.save(path("hostile_longdouble.npy"), np.zeros(2, dtype="<f16"))

valid = array_bytes(np.arange(6, dtype="<i4"))
write_bytes("hostile_bad_magic.npy", b"NUMPY!" + valid[6:])
write_bytes("hostile_version.npy", valid[:6] + bytes([4, 0]) + valid[8:])
write_bytes("hostile_truncated_header.npy", valid[:40])
write_bytes("hostile_absurd_shape.npy", npy_bytes(
    "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }"))

write_bytes("hostile_not_zip.npz", b"<!DOCTYPE html><html><body>Not Found</body></html>\n")

with open(path("savez.npz"), "rb") as f:
    savez = f.read()
write_bytes("hostile_truncated.npz", savez[:len(savez) // 2])

# One flipped byte inside x's data: sizes and headers stay valid, only the CRC-32 tells.
corrupt = bytearray(savez)
corrupt[savez.index(x.tobytes()) + 100] ^= 0xFF
write_bytes("hostile_crc.npz", bytes(corrupt))

def inflated_before_error(stream):
    """What a raw deflate stream inflates to before zlib finds it invalid; None if it is valid."""
    inflater, inflated = zlib.decompressobj(-15), b""
    try:
        for i in range(len(stream)):
            inflated += inflater.decompress(stream[i:i + 1])
    except zlib.error:
        return inflated
    return None


# One flipped byte in x's deflate stream, at the first place where that leaves x's .npy header
# intact and makes the stream invalid: a member that is damaged, not just wrong.
with open(path("savez_compressed.npz"), "rb") as f:
    damaged = bytearray(f.read())
member = zipfile.ZipFile(io.BytesIO(bytes(damaged))).getinfo("x.npy")
name_length, extra_length = struct.unpack("<HH", damaged[member.header_offset + 26:member.header_offset + 30])
data_start = member.header_offset + 30 + name_length + extra_length
x_header = array_bytes(x)[:-x.nbytes]
for position in range(data_start, data_start + member.compress_size):
    damaged[position] ^= 0xFF
    inflated = inflated_before_error(bytes(damaged[data_start:data_start + member.compress_size]))
    if inflated is not None and inflated.startswith(x_header):
        break
    damaged[position] ^= 0xFF
else:
    raise AssertionError("no single flipped byte damages the deflate stream")
write_bytes("hostile_deflate_damaged.npz", bytes(damaged))

# The header claims 1000 float64 values; the member holds 10.
write_zip("hostile_lying_shape.npz", [
    ("x.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000,), }",
                        np.arange(10, dtype="<f8").tobytes()))])
write_zip("hostile_trailing.npz", [("x.npy", array_bytes(np.arange(10, dtype="<f8")) + b"junk")])
write_zip("hostile_not_npy_member.npz", [("x.npy", array_bytes(x)), ("README.txt", b"hello\n")])
write_zip("hostile_directory_member.npz", [("data/x.npy", array_bytes(x))])
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # zipfile warns about the duplicate name; that is the point
    write_zip("hostile_duplicate.npz", [("x.npy", array_bytes(x)), ("x.npy", array_bytes(y))])
write_zip("hostile_bzip2.npz", [("x.npy", array_bytes(x))], method=zipfile.ZIP_BZIP2)

# Zip bomb: the member declares (16,) uint8 and the matching small sizes in both zip headers,
# but its deflate stream inflates to 16 MiB.
bomb_header = npy_bytes("{'descr': '|u1', 'fortran_order': False, 'shape': (16,), }")
declared = bomb_header + bytes(16)
write_zip("hostile_zip_bomb.npz", [("x.npy", declared + bytes(16 << 20))], zipfile.ZIP_DEFLATED)
with open(path("hostile_zip_bomb.npz"), "r+b") as f:
    bomb = bytearray(f.read())
    lying_fields = struct.pack("<I", zlib.crc32(declared)), struct.pack("<I", len(declared))
    local = bomb.index(b"PK\x03\x04")
    central = bomb.index(b"PK\x01\x02")
    bomb[local + 14:local + 18], bomb[local + 22:local + 26] = lying_fields
    bomb[central + 16:central + 20], bomb[central + 24:central + 28] = lying_fields
    f.seek(0)
    f.write(bomb)

# --- expectations ---------------------------------------------------------------------------

with open(path("expected.tsv"), "w", newline="\n") as f:
    f.write("# written by make_fixtures.py: source dtype order fortran version shape values\n")
    for row in expected_rows:
        f.write(row + "\n")

# Self-check: numpy itself reads every valid array back as recorded.
for row in expected_rows:
    source, _, _, _, _, shape, _ = row.split("\t")
    file, _, member = source.partition(":")
    loaded = np.load(path(file), allow_pickle=False)
    array = loaded[member] if member else loaded
    assert array.shape == tuple(int(d) for d in shape.split()), source
