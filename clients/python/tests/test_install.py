"""`pip install ./clients/python` works with no package index: the build backend ships in the package."""
import os
import subprocess
import sys
import tarfile

from conftest import ROOT

PACKAGE = ROOT / "clients" / "python"


def pip_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHONPATH"}
    env["PIP_CONFIG_FILE"] = os.devnull  # no configured index or wheel folder: only what the command says
    return env


def where(python, cwd):
    return subprocess.run([str(python), "-c", "import mixup_client; print(mixup_client.__file__)"], cwd=cwd,
                          env=pip_env(), capture_output=True, text=True, check=True).stdout.strip()


def test_installs_into_a_fresh_venv_without_an_index_also_editable(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"

    def pip(*args):
        subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--quiet", *args], env=pip_env(),
                       check=True)

    pip(str(PACKAGE))
    assert where(python, tmp_path).startswith(str(venv))
    version = subprocess.run([str(python), "-m", "pip", "show", "mixup-client"], env=pip_env(), capture_output=True,
                             text=True, check=True).stdout
    assert "Version: 0.1.0" in version and "Requires: numpy" in version

    pip("--editable", str(PACKAGE))
    assert where(python, tmp_path) == str(PACKAGE / "src" / "mixup_client" / "__init__.py")



def test_the_sdist_holds_what_a_build_needs(tmp_path):
    sys.path.insert(0, str(PACKAGE / "_build"))
    try:
        import mixup_build
        sdist = tmp_path / mixup_build.build_sdist(str(tmp_path))
    finally:
        sys.path.remove(str(PACKAGE / "_build"))
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
        pkg_info = archive.extractfile("mixup_client-0.1.0/PKG-INFO").read().decode()
    assert {"mixup_client-0.1.0/pyproject.toml", "mixup_client-0.1.0/_build/mixup_build.py",
            "mixup_client-0.1.0/README.md", "mixup_client-0.1.0/src/mixup_client/session.py"} <= names
    assert "Name: mixup-client\nVersion: 0.1.0\n" in pkg_info and "Requires-Dist: numpy" in pkg_info
