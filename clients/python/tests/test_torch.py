"""mixup_client.torch with real PyTorch: DataLoader workers and distributed ranks read disjoint shards."""
import json
import subprocess
import sys

import pytest

from conftest import require

torch = require("torch")
from torch.utils.data import DataLoader  # noqa: E402

from mixup_client.torch import MixupIterableDataset  # noqa: E402


def samples_by_batch(loader):
    """Each batch's (index1, index2) as a tuple, checking shapes and types on the way."""
    batches = []
    for x, y, provenance in loader:
        assert isinstance(x, torch.Tensor) and x.dtype == torch.float32 and x.shape == (16, 3, 8, 8)
        assert isinstance(y, torch.Tensor) and y.shape == (16, 10)
        batches.append(tuple(provenance["index1"].tolist() + provenance["index2"].tolist()))
    return batches


def reference(client, dataset, seed, shards, epoch):
    """The batches each shard's own session serves at that epoch, as samples_by_batch shows them."""
    batches = []
    for shard in range(shards):
        with client.session(dataset, batch_size=16, seed=seed, shard_index=shard, shard_count=shards,
                            data_format="channels_first", provenance=True) as session:
            for step in range(epoch * session.steps_per_epoch, (epoch + 1) * session.steps_per_epoch):
                _, _, provenance = session.batch(step)
                batches.append(tuple(provenance["index1"].tolist() + provenance["index2"].tolist()))
    return batches


def test_two_workers_read_disjoint_shards_and_each_iteration_is_the_next_epoch(client, toy):
    dataset, _, _ = toy
    sessions_before = len(client.sessions())
    data = MixupIterableDataset(client, dataset, seed=21, batch_size=16, data_format="channels_first",
                                provenance=True)
    loader = DataLoader(data, batch_size=None, num_workers=2)
    for epoch in range(2):
        batches = samples_by_batch(loader)
        samples = [i for batch in batches for i in batch]
        assert len(batches) == 2 * (256 // 32)
        assert len(samples) == len(set(samples)) == 512  # no sample twice in the epoch, across workers
        assert sorted(batches) == sorted(reference(client, dataset, 21, 2, epoch))
    data.set_epoch(5)
    assert sorted(samples_by_batch(loader)) == sorted(reference(client, dataset, 21, 2, 5))
    assert len(client.sessions()) == sessions_before  # every worker's session was closed


def test_workers_started_with_spawn_and_persistent_workers(client, toy):
    dataset, _, _ = toy
    data = MixupIterableDataset(client, dataset.id, seed=22, batch_size=16, data_format="channels_first",
                                provenance=True)
    loader = DataLoader(data, batch_size=None, num_workers=2, multiprocessing_context="spawn",
                        persistent_workers=True)
    for epoch in range(2):
        assert sorted(samples_by_batch(loader)) == sorted(reference(client, dataset, 22, 2, epoch))


RANK = """
import json, sys, torch, torch.distributed as dist
from torch.utils.data import DataLoader
import mixup_client
from mixup_client.torch import MixupIterableDataset
rank, port, dataset = int(sys.argv[1]), sys.argv[2], sys.argv[3]
dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=2)
data = MixupIterableDataset(mixup_client.Client(), dataset, seed=23, batch_size=16, provenance=True)
seen = [i for _, _, p in DataLoader(data, batch_size=None, num_workers=2) for i in p["index1"].tolist() + p["index2"].tolist()]
print(json.dumps(seen))
dist.destroy_process_group()
"""


def test_two_ranks_of_two_workers_read_four_disjoint_shards(service, toy):
    from conftest import free_port
    dataset, _, _ = toy
    port = str(free_port())
    ranks = [subprocess.Popen([sys.executable, "-c", RANK, str(rank), port, dataset.id], env=service.env(),
                              stdout=subprocess.PIPE, text=True) for rank in (0, 1)]
    seen = [json.loads(rank.communicate(timeout=120)[0]) for rank in ranks]
    assert all(rank.returncode == 0 for rank in ranks)
    assert [len(s) for s in seen] == [256, 256]  # 4 shards of 128 samples: 4 steps of 2 x 16 each
    assert len(set(seen[0]) | set(seen[1])) == 512


def test_the_shard_comes_from_the_worker_and_rank_only(client, toy):
    dataset, _, _ = toy
    with pytest.raises(TypeError, match="shard_index"):
        MixupIterableDataset(client, dataset, seed=1, shard_index=1)
    assert MixupIterableDataset(client, dataset, seed=1).shard() == (0, 1)
