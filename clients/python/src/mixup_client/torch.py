"""PyTorch: mixup batches as an ``IterableDataset`` for ``DataLoader`` workers and distributed ranks.

    dataset = MixupIterableDataset(client, data, seed=1, batch_size=128, data_format="channels_first")
    loader = DataLoader(dataset, batch_size=None, num_workers=2)   # the service batches already

In a DataLoader with W workers, on rank r of R (``torch.distributed``, when initialised), worker w
reads shard ``r*W + w`` of ``R*W`` of the one seed: no sample twice in an epoch across all of them.
Each ``iter()`` is the next epoch (``set_epoch`` chooses one), even when the DataLoader starts new
worker processes every epoch: the epoch counts live in shared memory.
"""
import multiprocessing

try:
    import torch
    from torch.utils.data import IterableDataset, get_worker_info
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError("mixup_client.torch needs PyTorch: pip install torch") from e

from .client import Dataset


class MixupIterableDataset(IterableDataset):
    """One epoch of whole batches ``(x, y)`` as tensors per iteration (``y`` a list for multi-task).

    ``settings`` are those of ``Client.session`` (``batch_size``, ``alpha``, ``datagen``, ``eraser``,
    ``dtype``, ``data_format``, ``provenance``, ...), except the shard, which comes from the
    worker and rank. ``max_workers`` bounds ``num_workers``.
    """

    def __init__(self, client, dataset, seed, *, max_workers=64, **settings):
        for name in ("shard_index", "shard_count"):
            if name in settings:
                raise TypeError(f"{name} comes from the DataLoader worker and the distributed rank")
        self.client = client
        self.dataset = dataset if isinstance(dataset, Dataset) else client.dataset(dataset)
        self.seed = seed
        self.settings = settings
        # The next epoch of each worker id, in shared memory: a worker process is a copy of this object
        # (often a new one every epoch), so a count kept in the copy would be lost. Each slot has a
        # single writer, the worker with that id, so no lock is needed (and none ties it to one
        # multiprocessing start method).
        self._epochs = multiprocessing.RawArray("q", max_workers)

    def set_epoch(self, epoch):
        """Makes ``epoch`` the one the next iteration reads, in every worker."""
        self._epochs[:] = [epoch] * len(self._epochs)

    def shard(self):
        """``(shard_index, shard_count)`` of the calling worker on this rank."""
        worker, workers, rank, ranks = _placement()
        return rank * workers + worker, ranks * workers

    def __iter__(self):
        worker, workers, rank, ranks = _placement()
        if worker >= len(self._epochs):
            raise ValueError(f"worker {worker} exceeds max_workers={len(self._epochs)}")
        epoch = self._epochs[worker]
        self._epochs[worker] = epoch + 1
        session = self.client.session(self.dataset, seed=self.seed, shard_index=rank * workers + worker,
                                      shard_count=ranks * workers, **self.settings)
        try:
            if epoch:
                session.seek(epoch * session.steps_per_epoch)
            for batch in session.batches(session.steps_per_epoch):
                yield _tensors(batch)
        finally:
            session.close()


def _placement():
    """``(worker, workers, rank, ranks)``: this DataLoader worker and this distributed rank."""
    info = get_worker_info()
    worker, workers = (info.id, info.num_workers) if info is not None else (0, 1)
    if torch.distributed.is_available() and torch.distributed.is_initialized():
        return worker, workers, torch.distributed.get_rank(), torch.distributed.get_world_size()
    return worker, workers, 0, 1


def _tensors(value):
    if isinstance(value, tuple):
        return tuple(_tensors(v) for v in value)
    if isinstance(value, list):
        return [_tensors(v) for v in value]
    if isinstance(value, dict):
        return {k: _tensors(v) for k, v in value.items()}
    return torch.from_numpy(value)
