"""A PEP 517 build backend for mixup_client, standard library only.

pip's build isolation would otherwise download setuptools from a package index before it could
install this package; this backend needs nothing but the Python that runs pip. It builds a pure
Python wheel of src/mixup_client, an editable wheel (PEP 660) and an sdist.
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "mixup_client"
SOURCE = ROOT / "src" / PACKAGE

METADATA = """\
Metadata-Version: 2.1
Name: mixup-client
Version: {version}
Summary: Client for mixup-service: upload .npz datasets, train Keras and PyTorch models from mixup batches
License: Apache-2.0
Requires-Python: >=3.9
Requires-Dist: numpy>=1.21
Provides-Extra: torch
Requires-Dist: torch>=1.13; extra == "torch"
Provides-Extra: keras
Requires-Dist: keras>=3; extra == "keras"
Description-Content-Type: text/markdown

{readme}"""

WHEEL = """\
Wheel-Version: 1.0
Generator: mixup_build
Root-Is-Purelib: true
Tag: py3-none-any
"""


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = {f"{PACKAGE}/{path.name}": path.read_bytes() for path in sorted(SOURCE.glob("*.py"))}
    return _write_wheel(wheel_directory, files)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A wheel whose .pth file puts src/ on sys.path, so edits take effect without reinstalling."""
    return _write_wheel(wheel_directory, {f"__editable__.{PACKAGE}.pth": f"{ROOT / 'src'}\n".encode()})


def build_sdist(sdist_directory, config_settings=None):
    base = f"mixup_client-{_version()}"
    path = Path(sdist_directory) / f"{base}.tar.gz"
    members = [ROOT / "pyproject.toml", ROOT / "README.md", Path(__file__), *sorted(SOURCE.glob("*.py"))]
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for member in members:
            tar.add(member, arcname=f"{base}/{member.relative_to(ROOT)}")
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        pkg_info = _metadata().encode()
        info.size = len(pkg_info)
        tar.addfile(info, io.BytesIO(pkg_info))
    return path.name


def _version():
    text = (SOURCE / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE).group(1)


def _metadata():
    return METADATA.format(version=_version(), readme=(ROOT / "README.md").read_text(encoding="utf-8"))


def _write_wheel(wheel_directory, files):
    dist_info = f"mixup_client-{_version()}.dist-info"
    files = dict(files)
    files[f"{dist_info}/METADATA"] = _metadata().encode()
    files[f"{dist_info}/WHEEL"] = WHEEL.encode()
    files[f"{dist_info}/top_level.txt"] = f"{PACKAGE}\n".encode()
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in files.items()]
    files[f"{dist_info}/RECORD"] = ("\n".join(record + [f"{dist_info}/RECORD,,"]) + "\n").encode()
    name = f"mixup_client-{_version()}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for member, data in files.items():
            wheel.writestr(zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0)), data,
                           compress_type=zipfile.ZIP_DEFLATED)
    return name


def _digest(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
