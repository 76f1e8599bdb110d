"""The .npy reader (straight from a stream, strict) and the streamed .npz writer, against NumPy."""
import io
import zipfile

import numpy as np
import pytest

from mixup_client import _npy
from mixup_client._npz import CHUNK, NpzBody


class Trickle(io.RawIOBase):
    """A non-seekable stream that hands out at most 7 bytes per read, like a slow socket."""

    def __init__(self, data):
        self._data = memoryview(data)

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(7, len(buffer), len(self._data))
        buffer[:n] = self._data[:n]
        self._data = self._data[n:]
        return n


def saved(array):
    out = io.BytesIO()
    np.save(out, array, allow_pickle=False)
    return out.getvalue()


@pytest.mark.parametrize("array", [
    np.arange(24, dtype=np.float32).reshape(2, 3, 4),
    np.arange(6, dtype=">i8").reshape(3, 2),
    np.asfortranarray(np.arange(12, dtype=np.float16).reshape(3, 4)),
    np.array([True, False, True]),
    np.zeros((0, 5), np.uint8),
    np.array(3.5),
])
def test_reads_what_numpy_writes_from_a_non_seekable_stream(array):
    stream = Trickle(saved(array) + saved(array))
    for _ in range(2):
        read = _npy.read_array(stream)
        assert read.dtype == array.dtype and read.shape == array.shape
        assert np.array_equal(read, array)
        assert read.flags.writeable


def test_reads_version_2_headers():
    out = io.BytesIO()
    array = np.arange(5, dtype=np.int32)
    np.lib.format.write_array(out, array, version=(2, 0))
    assert np.array_equal(_npy.read_array(io.BytesIO(out.getvalue())), array)


@pytest.mark.parametrize("header, message", [
    ("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", "not a numeric"),
    ("{'descr': '<U3', 'fortran_order': False, 'shape': (2,), }", "not a numeric"),
    ("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", "not a numeric"),
    ("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", "fortran_order"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "shape"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,), }", "shape"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (True,), }", "shape"),
    ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "exactly"),
    ("{'descr': '<f4', 'shape': (2,)}", "exactly"),
    ("__import__('os').system('true')", "not a Python literal"),
    ("['<f4', False, (2,)]", "exactly"),
])
def test_refuses_headers_numpy_would_not_load_without_pickle(header, message):
    data = _npy.MAGIC + b"\x01\x00" + len(header + "\n").to_bytes(2, "little") + (header + "\n").encode()
    with pytest.raises(_npy.NpyFormatError, match=message):
        _npy.read_array(io.BytesIO(data + bytes(64)))


def test_refuses_what_is_not_npy():
    with pytest.raises(_npy.NpyFormatError, match="not a .npy"):
        _npy.read_array(io.BytesIO(b"PK\x03\x04" + bytes(100)))
    with pytest.raises(_npy.NpyFormatError, match="version 9.0"):
        _npy.read_array(io.BytesIO(_npy.MAGIC + b"\x09\x00" + bytes(100)))
    with pytest.raises(_npy.NpyFormatError, match="longer than"):
        _npy.read_array(io.BytesIO(_npy.MAGIC + b"\x02\x00" + (1 << 20).to_bytes(4, "little")))


def test_a_stream_that_ends_inside_an_array_is_a_connection_error():
    data = saved(np.arange(100, dtype=np.float64))
    with pytest.raises(ConnectionError, match="ended after"):
        _npy.read_array(Trickle(data[:-9]))


def test_headers_are_what_numpy_reads():
    for array in (np.zeros((128, 32, 32, 3), np.float32), np.zeros(7, np.uint8), np.zeros((), np.int64)):
        header = _npy.header(array.dtype, array.shape)
        assert len(header) % 64 == 0
        assert np.array_equal(np.load(io.BytesIO(header + array.tobytes())), array)


def npz_bytes(arrays):
    body = NpzBody(arrays)
    data = b"".join(bytes(chunk) for chunk in body())
    assert len(data) == body.length
    return data


def test_npz_body_is_read_by_numpy_and_zipfile():
    rng = np.random.default_rng(1)
    x = rng.integers(0, 256, (300, 32, 32, 3), dtype=np.uint8)  # several chunks
    arrays = {
        "x": x,
        "strided": x[::3, ::2],  # not contiguous: copied one block of rows at a time
        "fortran": np.asfortranarray(rng.random((40, 9))),
        "big_endian": np.arange(10, dtype=">f4"),
        "labels": rng.integers(0, 10, 300),
        "flags": rng.random(5) > 0.5,
        "half": rng.random((4, 4)).astype(np.float16),
        "empty": np.zeros((0, 3), np.float32),
    }
    data = npz_bytes(arrays)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None  # every CRC-32 is right
    loaded = np.load(io.BytesIO(data), allow_pickle=False)
    assert loaded.files == list(arrays)
    for name, array in arrays.items():
        assert loaded[name].dtype == array.dtype, name
        assert np.array_equal(loaded[name], array), name


def test_npz_body_sends_contiguous_arrays_as_views_of_their_memory():
    x = np.zeros(3 * CHUNK + 5, np.uint8)
    chunks = [c for c in NpzBody({"x": x})() if isinstance(c, memoryview)]
    assert sum(len(c) for c in chunks) == x.nbytes
    assert all(c.obj is not None and np.shares_memory(np.asarray(c), x) for c in chunks)


def test_npz_body_is_the_same_bytes_for_the_same_arrays():
    arrays = {"x": np.arange(10, dtype=np.uint8), "y": np.arange(10)}
    assert npz_bytes(arrays) == npz_bytes(dict(arrays))


@pytest.mark.parametrize("array", [np.array(["a", "b"]), np.array([{}, None]), np.zeros(3, np.complex64),
                                   np.zeros(2, [("a", "<f4")])])
def test_npz_body_refuses_what_the_service_cannot_read_before_sending_anything(array):
    with pytest.raises(TypeError, match="numeric arrays"):
        NpzBody({"x": array})
