#!/usr/bin/env bash
# Vendored browser libraries: fetch a version from the npm registry (with npm itself) and copy the
# files the site serves, with their licence and the version, into the package's assets.
#   scripts/update_vendor.sh            the pinned version below
#   scripts/update_vendor.sh 3.36.0     another version (then update CYTOSCAPE here and commit)
set -euo pipefail
cd "$(dirname "$0")/.."
CYTOSCAPE="${1:-3.35.0}"
dest=mkdocs_opdhub/theme/assets/opdhub/vendor/cytoscape
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "cytoscape@$CYTOSCAPE" >/dev/null && tar xzf "cytoscape-$CYTOSCAPE.tgz")
mkdir -p "$dest"
cp "$work/package/dist/cytoscape.min.js" "$dest/cytoscape.min.js"
cp "$work/package/LICENSE" "$dest/LICENSE"
printf 'cytoscape %s (npm: cytoscape@%s, dist/cytoscape.min.js, MIT licence)\n' "$CYTOSCAPE" "$CYTOSCAPE" > "$dest/VERSION"
echo "vendored cytoscape $CYTOSCAPE into $dest"
