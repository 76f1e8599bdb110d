"""Keras 3 (on PyTorch unless KERAS_BACKEND says otherwise, see conftest) trains from a session."""
import numpy as np
import pytest

from conftest import require

keras = require("keras")

from mixup_client.keras import MixupPyDataset  # noqa: E402


def small_model():
    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model


def test_fit_takes_the_session_generator_one_epoch_at_a_time(client, toy):
    dataset, _, _ = toy
    with client.session(dataset, batch_size=16, seed=31, datagen={"rescale": 1 / 255}) as session:
        history = small_model().fit(session.batches(), steps_per_epoch=session.steps_per_epoch, epochs=2, verbose=0)
        assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()
        assert session.position == 2 * session.steps_per_epoch


def test_fit_takes_a_py_dataset_one_epoch_per_pass_from_the_stream(client, toy):
    dataset, _, _ = toy
    with client.session(dataset, batch_size=16, seed=32) as session:
        data = MixupPyDataset(session)
        assert isinstance(data, keras.utils.PyDataset) and len(data) == session.steps_per_epoch == 16
        history = small_model().fit(data, epochs=2, shuffle=False, verbose=0)
        assert np.isfinite(history.history["loss"]).all()
        assert session.position == data.first_step == 2 * 16  # streamed in order, nothing fetched twice


def test_py_dataset_gives_the_same_batch_for_an_index_in_any_order_and_with_threads(client, toy):
    dataset, _, _ = toy
    with client.session(dataset, batch_size=16, seed=33) as session:
        next(session)  # mid-epoch: the first pass starts at the next whole epoch
        data = MixupPyDataset(session, workers=2)
        assert data.first_step == 16
        for index in (3, 0, 1, 2, 5, 4, 15):
            x, y = data[index]
            reference_x, reference_y = session.batch(16 + index)
            assert np.array_equal(x, reference_x) and np.array_equal(y, reference_y)
        data.on_epoch_end()  # not every batch was asked for: the next pass is the same epoch
        assert data.first_step == 16 and session.position == 16
        for index in range(16):
            data[index]
        data.on_epoch_end()
        assert session.position == data.first_step == 32

        history = small_model().fit(data, epochs=1, shuffle=True, verbose=0)
        assert np.isfinite(history.history["loss"]).all()
        assert data.first_step == 48

    with pytest.raises(ValueError, match="threads"):
        MixupPyDataset(session, use_multiprocessing=True)


def test_py_dataset_counts_an_epoch_whose_batches_were_asked_for_over_two_passes(client, toy):
    # What Keras' worker threads do when fit() peeks at a batch to build the model: the peek's pass
    # ends after its workers fetched batches 0..10 ahead, and the next pass gets those from the
    # prefetch queue, asking only for 11..15.
    dataset, _, _ = toy
    with client.session(dataset, batch_size=16, seed=34) as session:
        data = MixupPyDataset(session, workers=2)
        for index in range(11):
            data[index]
        data.on_epoch_end()
        assert data.first_step == 0
        for index in range(11, 16):
            x, _ = data[index]
            assert np.array_equal(x, session.batch(index)[0])
        data.on_epoch_end()
        assert data.first_step == 16 and session.position == 16

