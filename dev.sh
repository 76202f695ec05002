#!/usr/bin/env bash
# One entry point for a fresh machine: sets up .venv (and Chromium for the browser tests) on
# first use, then runs what you ask for.
#   ./dev.sh serve      build and serve the OPDHub site on http://127.0.0.1:8000 (live reload)
#   ./dev.sh build      strict build of the site into site/
#   ./dev.sh test       the whole test suite, browser tests included (extra args go to pytest)
set -euo pipefail
cd "$(dirname "$0")"
export NO_MKDOCS_2_WARNING=1

venv=.venv
stamp="$venv/.installed"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -e '.[test]'
  touch "$stamp"
fi

need_chromium() {
  command -v chromium >/dev/null 2>&1 && return 0
  echo "dev.sh: installing Chromium for the browser tests" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "dev.sh: install Chromium (Debian/Ubuntu: apt-get install chromium) or set OPDHUB_CHROMIUM" >&2
    return 1
  fi
}

cmd="${1:-serve}"
shift || true
case "$cmd" in
  serve) exec "$venv/bin/mkdocs" serve "$@" ;;
  build) exec "$venv/bin/mkdocs" build --strict "$@" ;;
  test)
    [ -n "${OPDHUB_CHROMIUM:-}" ] || need_chromium
    exec "$venv/bin/python" -m pytest "$@" ;;
  *) echo "usage: ./dev.sh serve|build|test [args]" >&2; exit 2 ;;
esac
