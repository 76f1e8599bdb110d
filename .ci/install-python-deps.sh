#!/usr/bin/env bash
# The Python client tests' dependencies (clients/python/tests, run by `./mvnw verify`), with no
# network but the package registries: pytest, PyTorch 2.13 (CPU) and Keras 3.15.1 (which the tests
# run on PyTorch) from the machine's local wheel mirror, Pillow for KerasParityTests (Keras' brightness
# shift), and Debian's Fashion-MNIST for examples/torch_fashion_mnist.py. Under CI=true the framework
# tests fail rather than skip without them.
set -euo pipefail
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
  --index-url file:///opt/pypi/simple --extra-index-url file:///opt/pypi-more/simple --find-links /opt/wheels \
  'torch==2.13.0' 'keras==3.15.1' 'pytest>=8' 'pillow'
KERAS_BACKEND=torch python3 -c 'import keras, torch, pytest, PIL; print("python test deps: torch", torch.__version__, "keras", keras.__version__)'
if ! dpkg -s dataset-fashion-mnist >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends dataset-fashion-mnist >/dev/null 2>&1 \
    || { apt-get update -q && apt-get install -y -q --no-install-recommends dataset-fashion-mnist; }
fi
