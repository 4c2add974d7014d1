#!/bin/sh
# Compares the ABI of the probe built from the current plugin.h with the committed
# baseline, and fails on an incompatible change (abidiff's bit 8: a change that
# breaks plugins built against the baseline). Compatible additions (bit 4) pass and
# are printed. Usage: check.sh PROBE.so BASELINE.abi
# To record a new baseline after a deliberate, versioned ABI change:
#   abidw --no-corpus-path --out-file plugin_abi_1.abi PROBE.so
set -u
probe=$1
baseline=$2
abidiff --no-added-syms "$baseline" "$probe"
status=$?
if [ $((status & 1)) -ne 0 ]; then
  echo "FAIL: abidiff could not compare $baseline and $probe (status $status)" >&2
  exit 1
fi
if [ $((status & 8)) -ne 0 ]; then
  echo "FAIL: the plugin ABI changed incompatibly against $baseline (see above);" \
    "a change is a new minor with the old layout kept, or a new major" >&2
  exit 1
fi
echo "plugin ABI compatible with $baseline"
