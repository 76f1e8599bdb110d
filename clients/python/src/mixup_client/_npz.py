"""An uncompressed .npz written as it is sent: the body of ``Client.upload``.

The zip is laid out by hand so that its length is known before the first byte (the upload can
declare Content-Length, and the service refuses an oversized upload before it is sent) and the
arrays are never copied as a whole: contiguous arrays go out as views of their own memory in
1 MiB chunks, other arrays one block of rows at a time. Each member is a ``NAME.npy`` that
``np.load`` reads; the CRC-32 is computed while sending, so it follows the data in a data
descriptor. Every record uses zip64 sizes, so members and archives may exceed 4 GiB.
"""
import struct
import zlib

import numpy as np

from . import _npy

CHUNK = 1 << 20
_FLAGS = 0x0808  # data descriptor follows the data; names are UTF-8
_VERSION = 45  # zip64
_DOS_DATE = (1 << 5) | 1  # 1980-01-01: the same arrays always give the same bytes (and sha256)
_MAX16, _MAX32 = 0xFFFF, 0xFFFFFFFF
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_DESCRIPTOR = struct.Struct("<IIQQ")
_ZIP64_END = struct.Struct("<IQHHIIQQQQ")
_ZIP64_LOCATOR = struct.Struct("<IIQI")
_END = struct.Struct("<IHHHHIIH")


class NpzBody:
    """``length`` bytes of .npz, produced by calling the object (once per attempt to send it)."""

    def __init__(self, arrays):
        self._members = []
        for name, array in arrays.items():
            array = np.asanyarray(array)
            if isinstance(array, np.ma.MaskedArray) or array.dtype.kind not in "biuf" or array.dtype.fields:
                raise TypeError(f"array {name!r} has dtype {array.dtype}; the service reads numeric arrays"
                                " (bool, integer, float)")
            array = np.asarray(array)
            self._members.append((f"{name}.npy".encode(), _npy.header(array.dtype, array.shape), array))
        local = sum(_LOCAL.size + len(n) + 20 + len(h) + a.nbytes + _DESCRIPTOR.size for n, h, a in self._members)
        central = sum(_CENTRAL.size + len(n) + 28 for n, _, _ in self._members)
        self.length = local + central + _ZIP64_END.size + _ZIP64_LOCATOR.size + _END.size

    def __call__(self):
        directory, offset = [], 0
        for name, header, array in self._members:
            size = len(header) + array.nbytes
            yield _LOCAL.pack(0x04034B50, _VERSION, _FLAGS, 0, 0, _DOS_DATE, 0, _MAX32, _MAX32, len(name), 20) \
                + name + struct.pack("<HHQQ", 1, 16, 0, 0)
            crc = zlib.crc32(header)
            yield header
            for chunk in _chunks(array):
                crc = zlib.crc32(chunk, crc)
                yield chunk
            yield _DESCRIPTOR.pack(0x08074B50, crc, size, size)
            directory.append(_CENTRAL.pack(0x02014B50, _VERSION, _VERSION, _FLAGS, 0, 0, _DOS_DATE, crc, _MAX32,
                                           _MAX32, len(name), 28, 0, 0, 0, 0, _MAX32)
                             + name + struct.pack("<HHQQQ", 1, 24, size, size, offset))
            offset += _LOCAL.size + len(name) + 20 + size + _DESCRIPTOR.size
        central = b"".join(directory)
        count = len(directory)
        yield central + _ZIP64_END.pack(0x06064B50, 44, _VERSION, _VERSION, 0, 0, count, count, len(central), offset) \
            + _ZIP64_LOCATOR.pack(0x07064B50, 0, offset + len(central), 1) \
            + _END.pack(0x06054B50, 0, 0, min(count, _MAX16), min(count, _MAX16), _MAX32, _MAX32, 0)


def _chunks(array):
    """The array's bytes in C order, in pieces of about CHUNK bytes, copying at most one piece at a time."""
    if array.flags.c_contiguous:
        flat = memoryview(array.reshape(-1).view(np.uint8))
        for start in range(0, len(flat), CHUNK):
            yield flat[start:start + CHUNK]
        return
    rows = max(1, CHUNK // max(1, array[:1].nbytes))
    for start in range(0, len(array), rows):
        yield memoryview(np.ascontiguousarray(array[start:start + rows]).reshape(-1).view(np.uint8))
