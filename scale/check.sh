#!/usr/bin/env bash
# The Spark job for real, in local mode: the first N articles of the big corpus through
# `spark-submit --master local[2] scale/kanbao_spark.py`, then `kanbao merge`; the merged store
# must answer `entities --json`, `timeline --json` and `search --json` byte for byte as the
# analysis of the same articles by `kanbao index`.
#
#   scale/check.sh                  # N=5000, the corpus at $KANBAO_BIG
#   KANBAO_BIN=target/release/kanbao scale/check.sh   # default: the dev build
#
# Needs Java 17 and pyspark (`.ci/run` installs both). Without the corpus it says so and passes.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${KANBAO_SCALE_ARTICLES:-5000}"
BIG="${KANBAO_BIG:-/work/shared/data/big/xwlb.jsonl.xz}"
if [ ! -f "$BIG" ]; then
  echo "scale/check.sh: no corpus at $BIG (set KANBAO_BIG); the Spark check is skipped"
  exit 0
fi
if [ -z "${KANBAO_BIN:-}" ]; then
  cargo build --quiet
  KANBAO_BIN="${CARGO_TARGET_DIR:-target}/debug/kanbao"
fi
# pip may put spark-submit where PATH does not look (~/.local/bin); pyspark knows where it is.
SPARK_SUBMIT="$(command -v spark-submit || python3 -c \
  'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit"))')"
KANBAO="$(cd "$(dirname "$KANBAO_BIN")" && pwd)/$(basename "$KANBAO_BIN")"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kanbao-scale-check.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
started=$(date +%s)

# The held-back slice: the corpus's first N articles, as a plain JSON Lines file.
{ xzcat "$BIG" || true; } | head -n "$N" > "$WORK/slice.jsonl"

# The reference: the slice analysed in one process and kept in a store of its own.
export KANBAO_STORE="$WORK/cache"
"$KANBAO" index "$WORK/slice.jsonl" --quiet

# The cluster's way: Spark in local mode, then the merge.
"$SPARK_SUBMIT" --master 'local[2]' --conf spark.ui.enabled=false \
  scale/kanbao_spark.py "$WORK/slice.jsonl" "$WORK/shards" --kanbao "$KANBAO" \
  2> "$WORK/spark.log" || { tail -n 40 "$WORK/spark.log"; exit 1; }
"$KANBAO" merge "$WORK/shards" -o "$WORK/store" --quiet

status=0
for command in "timeline --json" "entities --json" "search 中国 --json" "search 经济 --json"; do
  read -r verb rest <<<"$command"
  # shellcheck disable=SC2086 (words of the command)
  "$KANBAO" $verb "$WORK/slice.jsonl" $rest --quiet > "$WORK/expected"
  # shellcheck disable=SC2086
  "$KANBAO" $verb "$WORK/store" $rest --quiet > "$WORK/got"
  if cmp -s "$WORK/expected" "$WORK/got"; then
    echo "scale/check.sh: $command: identical ($(wc -c < "$WORK/got") bytes)"
  else
    echo "scale/check.sh: $command: DIFFERS"
    diff <(head -c 2000 "$WORK/expected") <(head -c 2000 "$WORK/got") | head -n 20 || true
    status=1
  fi
done
shards=$(find "$WORK/shards" -name '*.parquet' | wc -l)
months=$(find "$WORK/shards" -maxdepth 1 -name 'month=*' | wc -l)
echo "scale/check.sh: $N articles, $shards Parquet shards in $months months, $(( $(date +%s) - started )) s"
exit $status
