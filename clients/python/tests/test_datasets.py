"""Uploads and the dataset calls, against the real service."""
import hashlib
import re
import subprocess
import sys

import numpy as np
import pytest

import mixup_client
from conftest import API_KEY, images
from mixup_client import MixupError
from mixup_client._npz import NpzBody


def test_upload_streams_an_npz_that_the_service_keeps_byte_for_byte(client):
    x, y = images(200)
    body = NpzBody({"x": x, "y": y})
    streamed = b"".join(bytes(chunk) for chunk in body())

    dataset = client.upload(x, y, name="hashed")

    assert (dataset.name, dataset.samples) == ("hashed", 200)
    assert dataset.bytes == len(streamed)
    assert dataset.sha256 == hashlib.sha256(streamed).hexdigest()
    assert dataset.x == {"shape": [200, 8, 8, 3], "dtype": "uint8"}
    assert dataset.label_names == ["y"]
    assert dataset.labels[0]["shape"] == [200, 10]  # integer labels, one-hot encoded by the service
    assert client.dataset(dataset.id) == dataset
    assert dataset.id in [d.id for d in client.datasets()]


def test_upload_takes_a_dict_of_label_arrays_in_order_and_num_classes(client):
    x, y = images(64)
    dataset = client.upload(x, {"digit": y, "parity": y % 2, "score": np.linspace(0, 1, 64)[:, None]},
                            name="multi", num_classes=12)
    assert dataset.label_names == ["digit", "parity", "score"]
    assert [label["shape"] for label in dataset.labels] == [[64, 12], [64, 12], [64, 1]]


def test_upload_file_streams_a_compressed_npz_from_disk(client, tmp_path):
    x, y = images(100, shape=(28, 28))
    path = tmp_path / "fashion.npz"
    np.savez_compressed(path, images=x, label=y)
    dataset = client.upload_file(path, x="images", y="label")
    assert (dataset.name, dataset.samples, dataset.label_names) == ("fashion", 100, ["label"])
    assert dataset.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_upload_reports_bytes_sent_when_asked_and_is_silent_otherwise(client, capsys):
    x, y = images(300)
    client.upload(x, y, name="quiet")
    assert capsys.readouterr().err == ""  # stderr is not a terminal here
    dataset = client.upload(x, y, name="loud", progress=True)
    err = capsys.readouterr().err
    total = dataset.bytes / 1e6
    assert err.startswith("\rupload loud: ") and err.endswith("\n")
    assert f"{total:.1f} / {total:.1f} MB (100%)" in err


def test_upload_never_builds_a_second_copy_of_the_arrays(service):
    """A 100 MB array goes up while the process's peak memory grows by far less than 100 MB."""
    script = f"""
import resource, numpy as np, mixup_client
x = np.ones((8192, 64, 64, 3), np.uint8)
y = np.arange(8192) % 10
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
dataset = mixup_client.Client({service.url!r}, api_key={API_KEY!r}).upload(x, y, name="big")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(dataset.samples, x.nbytes // 1024, after - before)
"""
    output = subprocess.run([sys.executable, "-c", script], env=service.env(), capture_output=True, text=True,
                            check=True).stdout
    samples, array_kib, growth_kib = map(int, output.split())
    assert samples == 8192
    assert growth_kib < 16 * 1024 < array_kib


def test_bad_uploads_are_problems_and_leave_nothing_behind(client, tmp_path):
    before = {d.id for d in client.datasets()}
    x, y = images(50)
    with pytest.raises(MixupError) as bad:
        client.upload(x, y[:40], name="mismatch")
    assert bad.value.status == 400 and bad.value.title == "Bad Request"
    assert "40" in bad.value.detail and "50" in bad.value.detail

    huge = tmp_path / "huge.npz"
    with open(huge, "wb") as file:
        file.truncate(300 * 1024 * 1024)  # sparse: over the service's 256MB limit, refused from its length
    with pytest.raises(MixupError) as too_large:
        client.upload_file(huge)
    assert too_large.value.status == 413
    assert {d.id for d in client.datasets()} == before


def test_label_names_are_checked_before_anything_is_sent(client):
    x, y = images(10)
    for labels in ({"x": y}, {"a,b": y}, {}):
        with pytest.raises(ValueError):
            client.upload(x, labels, name="bad")
    with pytest.raises(TypeError, match="numeric"):
        client.upload(x.astype(object), y, name="bad")


def test_missing_datasets_and_wrong_keys_raise_problems(client, service):
    with pytest.raises(MixupError) as missing:
        client.dataset("no-such-dataset")
    assert (missing.value.status, missing.value.title) == (404, "Not Found")
    assert "no-such-dataset" in missing.value.detail

    with pytest.raises(MixupError) as unauthorised:
        mixup_client.Client(service.url, api_key="wrong").datasets()
    assert unauthorised.value.status == 401


def test_a_dataset_in_use_is_deleted_only_with_force(client):
    x, y = images(64)
    dataset = client.upload(x, y, name="doomed")
    session = client.session(dataset, batch_size=8, seed=1)
    with pytest.raises(MixupError) as in_use:
        client.delete_dataset(dataset)
    assert in_use.value.status == 409
    assert client.dataset(dataset.id) == dataset

    client.delete_dataset(dataset, force=True)
    with pytest.raises(MixupError) as gone:
        client.dataset(dataset.id)
    assert gone.value.status == 404
    with pytest.raises(MixupError) as session_gone:
        session.batch(0)
    assert session_gone.value.status == 404


def test_an_upload_refused_with_503_is_sent_again_from_the_start(client, proxy, capsys):
    x, y = images(4000)  # 2.3 MB: still being sent when the refusal comes
    proxy.refuse("/v1/datasets", times=1, retry_after=0)
    dataset = mixup_client.Client(proxy.url, api_key=API_KEY).upload(x, y, name="refused-once", progress=True)
    assert proxy.count("/v1/datasets", method="POST") == 2
    assert client.dataset(dataset.id).samples == 4000
    err = capsys.readouterr().err
    assert max(map(int, re.findall(r"\((\d+)%\)", err))) == 100  # counted from zero again, not to 200%
    total = dataset.bytes / 1e6
    assert err.rsplit("\r", 1)[-1].startswith(f"upload refused-once: {total:.1f} / {total:.1f} MB (100%)")
