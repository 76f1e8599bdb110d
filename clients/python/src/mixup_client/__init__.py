"""Client for mixup-service: upload NumPy datasets, train from reproducible mixup batches.

    import mixup_client
    client = mixup_client.Client("http://localhost:8080")
    data = client.upload(x_train, y_train, name="cifar10")
    with client.session(data, batch_size=128, alpha=0.2, seed=1) as session:
        model.fit(session.batches(), steps_per_epoch=session.steps_per_epoch, epochs=10)

Adapters: ``mixup_client.keras.MixupPyDataset`` and ``mixup_client.torch.MixupIterableDataset``
(each imports its framework only when used).
"""
__version__ = "0.1.0"

from .client import Client, Dataset  # noqa: E402
from .errors import MixupError  # noqa: E402
from .session import Session  # noqa: E402

__all__ = ["Client", "Dataset", "MixupError", "Session", "__version__"]
