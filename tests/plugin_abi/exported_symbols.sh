#!/bin/sh
# Every bundled plugin exports joinery_plugin_entry and nothing else (the version
# script of joinery_add_plugin). Usage: exported_symbols.sh PLUGIN_DIR
set -eu
dir=$1
status=0
count=0
for plugin in "$dir"/*.so; do
  [ -e "$plugin" ] || continue
  count=$((count + 1))
  exported=$(nm -D --defined-only "$plugin" | awk '{print $NF}' | sort | tr '\n' ' ')
  if [ "$exported" != "joinery_plugin_entry " ]; then
    echo "FAIL: $plugin exports: $exported" >&2
    status=1
  fi
done
if [ "$count" -eq 0 ]; then
  echo "FAIL: no plugin in $dir" >&2
  exit 1
fi
if [ "$status" -eq 0 ]; then
  echo "$count bundled plugins export joinery_plugin_entry alone"
fi
exit $status
