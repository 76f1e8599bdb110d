"""Keras 3: a session as a ``keras.utils.PyDataset``, one epoch per pass.

    model.fit(MixupPyDataset(session), epochs=10, shuffle=False)

Batch ``i`` of a pass is step ``first_step + i`` of the session, so any order Keras asks in gives
the same batches; ``first_step`` moves on by one epoch once every batch of it has been asked for.
That may take more than one pass: Keras ends "epochs" it only peeked into (to build the model), and
its worker threads hand batches prefetched before such an end to the next pass instead of asking
for them again. Asked in order
(``shuffle=False``; the service shuffles already), the batches come from the session's stream;
asked out of order (``shuffle=True``), one by one through ``Session.batch``.
"""
import threading

try:
    import keras
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError("mixup_client.keras needs Keras 3: pip install keras") from e


class MixupPyDataset(keras.utils.PyDataset):
    """``len()`` is the session's ``steps_per_epoch``; the first pass is the session's next whole epoch.

    ``workers`` (threads) and ``max_queue_size`` go to ``PyDataset``. Worker processes
    (``use_multiprocessing=True``) are refused: reading from the network needs no more than threads.
    """

    def __init__(self, session, **kwargs):
        if kwargs.get("use_multiprocessing"):
            raise ValueError("MixupPyDataset reads batches over the network: use workers=N threads,"
                             " not use_multiprocessing=True")
        super().__init__(**kwargs)
        self.session = session
        self.first_step = -(-session.position // session.steps_per_epoch) * session.steps_per_epoch
        self._served = set()  # indices asked for since first_step last moved
        self._ready = {}  # streamed ahead of a request that came early
        self._window = 2 * self.workers + 4
        self._lock = threading.Lock()

    def __len__(self):
        return self.session.steps_per_epoch

    def __getitem__(self, index):
        if not 0 <= index < len(self):
            raise IndexError(f"batch {index} of {len(self)}")
        step = self.first_step + index
        with self._lock:
            self._served.add(index)
            if step in self._ready:
                return self._ready.pop(step)
            if self.session.position <= step < self.session.position + self._window:
                while self.session.position <= step:
                    streamed, batch = self.session._take(None)
                    if streamed == step:
                        return batch
                    self._ready[streamed] = batch
        return self.session.batch(step)

    def on_epoch_end(self):
        with self._lock:
            if len(self._served) == len(self):
                self.first_step += len(self)
                self._served.clear()
            self._ready.clear()
            if self.session.position != self.first_step:  # a partial pass: the next one streams from its start
                self.session.seek(self.first_step)
