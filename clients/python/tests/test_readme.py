"""Runs the README's "Use it from Python" examples as written, against the service."""
import re
import subprocess
import sys

import pytest

from conftest import ROOT, require

BLOCK = re.compile(r"<!-- python-example:start -->\s*```python\n(.*?)```\s*<!-- python-example:end -->\s*"
                   r"It prints `([^`]+)`", re.DOTALL)
EXAMPLES = BLOCK.findall((ROOT / "README.md").read_text())
FRAMEWORKS = ("keras", "torch")


def test_the_readme_has_the_three_examples():
    assert len(EXAMPLES) == 3


@pytest.mark.parametrize("code, printed", EXAMPLES, ids=["client", "keras", "torch"][:len(EXAMPLES)])
def test_readme_example_runs_and_prints_what_the_readme_says(service, tmp_path, code, printed):
    for framework in FRAMEWORKS:
        if re.search(rf"^import {framework}$", code, re.MULTILINE):
            require(framework)
    script = tmp_path / "example.py"
    script.write_text(code)
    env = service.env()
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == printed
