"""Sessions: the iterator, random access, seeking, and what happens when the network misbehaves."""
import numpy as np
import pytest

import mixup_client
from conftest import API_KEY, free_port, images
from mixup_client import MixupError


def one_hot(labels, classes=10):
    return np.eye(classes, dtype=np.float32)[labels]


def same(batch, other):
    return all(np.array_equal(a, b) for a, b in zip(_flat(batch), _flat(other)))


def _flat(batch):
    for part in batch:
        if isinstance(part, dict):
            yield from part.values()
        elif isinstance(part, list):
            yield from part
        else:
            yield part


def test_batches_are_what_the_seeds_mixup_generator_yields(client, toy):
    """(x, y): float32 images and labels, each mixed with its own lam, no sample twice in an epoch."""
    dataset, x, y = toy
    with client.session(dataset, batch_size=32, alpha=0.4, seed=7, provenance=True) as session:
        assert session.steps_per_epoch == 512 // 64
        assert session.settings["alpha"] == 0.4 and session.seed == 7
        seen = []
        for _ in range(session.steps_per_epoch):
            xb, yb, provenance = next(session)
            assert (xb.shape, xb.dtype, yb.shape, yb.dtype) == ((32, 8, 8, 3), np.float32, (32, 10), np.float32)
            lam, first, second = provenance["lam"], provenance["index1"], provenance["index2"]
            mixed = lam[:, None, None, None] * x[first] + (1 - lam[:, None, None, None]) * x[second]
            np.testing.assert_allclose(xb, mixed, rtol=1e-6, atol=1e-4)
            np.testing.assert_allclose(yb, lam[:, None] * one_hot(y[first]) + (1 - lam[:, None]) * one_hot(y[second]),
                                       rtol=1e-6, atol=1e-6)
            seen += [*first, *second]
        assert len(seen) == len(set(seen)) == 512
        assert session.position == session.epoch * session.steps_per_epoch == 8


def test_every_step_comes_once_in_order_and_equals_the_batch_at_that_step(client, toy):
    dataset, _, _ = toy
    with client.session(dataset, batch_size=16, seed=3, chunk=4, prefetch=2) as session:
        streamed = [next(session) for _ in range(3 * 4 + 3)]  # several stream requests
        assert session.position == 15
        for step in (0, 3, 4, 7, 8, 14):
            assert same(streamed[step], session.batch(step))
        assert session.position == 15


def test_multi_task_labels_come_as_a_list_in_dataset_order(client):
    x, y = images(128)
    dataset = client.upload(x, {"digit": y, "parité %": y % 2}, name="two-heads")
    assert dataset.label_names == ["digit", "parité %"]
    with client.session(dataset, batch_size=8, seed=1, provenance=True) as session:
        xb, (digit, parity), provenance = next(session)
        assert (digit.shape, parity.shape) == ((8, 10), (8, 2))
        assert list(provenance) == ["lam", "index1", "index2", "cut", "box"]
        lam, first, second = provenance["lam"][:, None], provenance["index1"], provenance["index2"]
        np.testing.assert_allclose(parity, lam * one_hot(y[first] % 2, 2) + (1 - lam) * one_hot(y[second] % 2, 2),
                                   rtol=1e-6, atol=1e-6)
        _, labels, _ = session.batch(0)
        assert isinstance(labels, list) and len(labels) == 2


def test_a_list_of_label_arrays_comes_back_as_a_list_like_the_seeds_generator(client):
    x, y = images(128)
    dataset = client.upload(x, [one_hot(y), one_hot(y % 2, 2)], name="seed-style")
    assert dataset.label_names == ["y0", "y1"]
    with client.session(dataset, batch_size=8, seed=1) as session:
        xb, yb = next(session)
        assert isinstance(yb, list) and [a.shape for a in yb] == [(8, 10), (8, 2)]


def test_batches_generator_claims_no_more_than_asked_for(client, toy):
    dataset, _, _ = toy
    with client.session(dataset, batch_size=16, seed=2, chunk=32) as session:
        generator = session.batches(10)
        assert sum(1 for _ in generator) == 10
        assert client.get_session(session.id).position == 10  # the service's cursor
        assert session.position == 10
        assert same(next(session), session.batch(10))


def test_seek_moves_to_any_step_and_close_deletes(client, toy):
    dataset, _, _ = toy
    session = client.session(dataset, batch_size=16, seed=5)
    reference = session.batch(41)
    next(session)
    session.seek(41)
    assert session.position == 41 and session.epoch == 41 // 16
    assert same(next(session), reference)
    assert session.position == 42
    with pytest.raises(ValueError):
        session.seek(-1)
    session.close()
    with pytest.raises(MixupError) as gone:
        client.get_session(session.id)
    assert gone.value.status == 404
    session.close()  # closing twice is harmless


def test_a_trainer_resumes_from_its_checkpoint_in_a_new_process(client, toy):
    dataset, _, _ = toy
    first = client.session(dataset, batch_size=16, seed=6)
    taken = [next(first) for _ in range(5)]
    checkpoint = (first.id, first.position)
    first.close(delete=False)  # the trainer stops; the session stays
    assert client.get_session(first.id).info["position"]["step"] > 5  # the cursor ran ahead of the trainer

    resumed = client.get_session(checkpoint[0])
    resumed.seek(checkpoint[1])
    assert same(next(resumed), first.batch(5)) and not same(taken[-1], resumed.batch(5))
    resumed.close()


def test_a_session_reports_its_recent_batches_per_second(client, toy):
    dataset, _, _ = toy
    with client.session(dataset, batch_size=16, seed=1) as session:
        assert session.batches_per_second == 0.0
        for _ in range(20):
            next(session)
        assert session.batches_per_second > 0
        assert f"step 20 (epoch 1), {session.batches_per_second:.1f} batches/s" in repr(session)


def test_unknown_settings_go_to_the_service_as_they_are(client, toy):
    dataset, _, _ = toy
    with pytest.raises(MixupError) as refused:
        client.session(dataset, batch_size=16, mixing_policy="new")
    assert refused.value.status == 400
    assert "unknown field 'mixing_policy'" in refused.value.detail
    with pytest.raises(MixupError) as too_large:
        client.session(dataset, batch_size=512)
    assert too_large.value.status == 400 and "steps_per_epoch" in too_large.value.detail


# -- a broken network ------------------------------------------------------------------------------

@pytest.fixture
def through(proxy):
    return mixup_client.Client(proxy.url, api_key=API_KEY, retries=3)


def test_a_stream_cut_mid_batch_resumes_without_losing_or_repeating_a_step(client, toy, proxy, through):
    dataset, _, _ = toy
    proxy.cut("/stream", after_bytes=30_000, times=2)  # about two and a half batches, twice
    with through.session(dataset, batch_size=16, seed=11, chunk=8) as session:
        streamed = [next(session) for _ in range(24)]
        assert session.position == 24
        reference = client.get_session(session.id)
        assert all(same(batch, reference.batch(step)) for step, batch in enumerate(streamed))
    assert proxy.count("/batches/") >= 2 * 5  # the claimed remainder of each cut stream, one by one


def test_a_stream_whose_answer_never_arrives_is_sent_again_with_its_key_for_the_same_steps(client, toy, proxy, through):
    dataset, _, _ = toy
    proxy.drop("/stream")  # the service claims 8 steps, the client hears nothing
    with through.session(dataset, batch_size=16, seed=12, chunk=8) as session:
        streamed = [next(session) for _ in range(12)]
        reference = client.get_session(session.id)
        assert all(same(batch, reference.batch(step)) for step, batch in enumerate(streamed))
    keys = proxy.header("/stream", "Idempotency-Key")
    assert len(keys) == proxy.count("/stream") >= 3
    assert keys[0] == keys[1] and len(set(keys)) == len(keys) - 1  # the retry, then a new key per call
    assert proxy.count("/batches/") == 0


def test_503_is_retried_after_the_time_retry_after_asks(toy, proxy, through):
    dataset, _, _ = toy
    session = through.session(dataset, batch_size=16, seed=13)
    proxy.refuse("/batches/3", times=2, retry_after=1)
    proxy.refuse("/stream", times=1, retry_after=1)
    assert session.batch(3)[0].shape == (16, 8, 8, 3)
    attempts = [t for t, _, target in proxy.requests if "/batches/3" in target]
    assert len(attempts) == 3 and attempts[1] - attempts[0] >= 1 and attempts[2] - attempts[1] >= 1
    assert same(next(session), session.batch(0))  # the refused stream moved nothing
    session.close()


def test_429_is_retried_only_when_the_service_says_when(toy, proxy, through):
    dataset, _, _ = toy
    proxy.refuse("/v1/sessions", status=429, times=1, retry_after=0)
    through.session(dataset, batch_size=16, seed=15).close()
    assert proxy.count("/v1/sessions", method="POST") == 2

    proxy.refuse("/v1/sessions", status=429, times=1, retry_after=None)
    with pytest.raises(MixupError) as refused:
        through.session(dataset, batch_size=16, seed=16)
    assert (refused.value.status, refused.value.detail) == (429, "refused by the test proxy")
    assert proxy.count("/v1/sessions", method="POST") == 3


def test_only_idempotent_requests_are_repeated_after_a_broken_connection(client, toy, proxy, through):
    dataset, _, _ = toy
    proxy.drop(f"/v1/datasets/{dataset.id}")
    assert through.dataset(dataset.id) == dataset
    assert proxy.count(f"/v1/datasets/{dataset.id}") == 2

    before = len(client.sessions())
    proxy.drop("/v1/sessions")
    with pytest.raises(ConnectionError):
        through.session(dataset, batch_size=16, seed=14)
    assert proxy.count("/v1/sessions", method="POST") == 1
    assert len(client.sessions()) == before + 1  # the service made it once; the client did not repeat it


def test_a_service_that_is_not_there_fails_after_the_retries():
    with pytest.raises(ConnectionRefusedError):
        mixup_client.Client(f"http://127.0.0.1:{free_port()}", retries=1).datasets()
