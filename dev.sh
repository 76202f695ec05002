#!/usr/bin/env bash
# One entry point for a fresh machine: sets up .venv (and Chromium and Node.js for the tests) on
# first use, then runs what you ask for.
#   ./dev.sh serve      build and serve the OPDHub site on http://127.0.0.1:8000 (live reload)
#   ./dev.sh build      strict build of the site into site/
#   ./dev.sh test       the whole test suite, browser tests included (extra args go to pytest);
#                       a plain `pytest` skips what needs a missing tool, this fails instead
#   ./dev.sh lock       refresh requirements/test.lock: the newest versions pyproject.toml allows
#
# .venv gets exactly the versions in requirements/test.lock (the tested ones, with hashes), so a
# fresh machine tests what CI tested. OPDHUB_UNLOCKED=1 installs the newest allowed versions
# instead (what users get from 'pip install mkdocs-opdhub'; a scheduled workflow runs that).
set -euo pipefail
cd "$(dirname "$0")"
export NO_MKDOCS_2_WARNING=1

venv=.venv
stamp="$venv/.installed"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
lock=requirements/test.lock
if [ -n "${OPDHUB_UNLOCKED:-}" ]; then
  "$venv/bin/python" -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
  rm -f "$stamp"  # the next locked run reinstalls the locked versions
else
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
    "$venv/bin/python" -m pip install --quiet --require-hashes -r "$lock"
    "$venv/bin/python" -m pip install --quiet --no-deps -e .
    touch "$stamp"
  fi
  export OPDHUB_LOCKED=1  # tests/test_environment.py then checks .venv against the lock
fi

# The browser tests drive Debian's Chromium; the filter's JS unit tests run under Node.js; the
# accessibility tests inject axe-core, installed from package-lock.json by npm ci.
need_test_tools() {
  local missing=()
  [ -n "${OPDHUB_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  # Material's social plugin (tests/test_plugin_compat.py): cairo, and a font for its cache
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)
  ldconfig -p 2>/dev/null | grep -q libcairo.so.2 || missing+=(libcairo2)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]} for the tests" >&2
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
      echo "dev.sh: please install ${missing[*]} (Debian/Ubuntu: apt-get install ${missing[*]})" >&2
      return 1
    fi
  fi
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

need_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --silent
  fi
}

cmd="${1:-serve}"
shift || true
case "$cmd" in
  serve) exec "$venv/bin/mkdocs" serve --dirty "$@" ;;  # re-renders only pages whose source changed
  build) exec "$venv/bin/mkdocs" build --strict "$@" ;;
  test)
    need_test_tools
    need_node_modules
    # A full run: a test whose tool (Chromium, Node.js, axe-core) is missing fails instead of skipping.
    OPDHUB_FULL_RUN=1 exec "$venv/bin/python" -m pytest "$@" ;;
  lock)
    "$venv/bin/python" -m pip install --quiet uv
    exec "$venv/bin/python" -m uv pip compile pyproject.toml --extra test --universal --python-version 3.10 \
      --generate-hashes --upgrade --custom-compile-command "./dev.sh lock" -o "$lock" "$@" ;;
  *) echo "usage: ./dev.sh serve|build|test|lock [args]" >&2; exit 2 ;;
esac
