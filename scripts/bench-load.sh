#!/usr/bin/env bash
# Measures `kanbao stats FILE` against `xz -dc FILE > /dev/null`, side by side, alternating runs,
# and prints the median wall times, their ratio and kanbao's peak memory: VmHWM as `stats`
# reports it, and the maximum resident set the kernel reports to the parent (`/usr/bin/time`), as
# a check from outside. The machine should be otherwise idle: both commands use a second core
# (kanbao parses while a thread decompresses; xz's output goes to the kernel).
# Usage: scripts/bench-load.sh [FILE.jsonl.xz] [RUNS]   (issue 2 §7: ratio ≤ 1.25, memory ≤ 1.6×)
set -euo pipefail
FILE=${1:-../shared/data/big/xwlb.jsonl.xz}
RUNS=${2:-5}
cd "$(dirname "$0")/.."
if [[ -z "${KANBAO:-}" ]]; then  # KANBAO=path/to/kanbao skips the build
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
  cargo build --release --quiet --no-default-features
  KANBAO="$CARGO_TARGET_DIR/release/kanbao"
fi
RAW=$(xz -dc "$FILE" | wc -c)
TIME=$(command -v /usr/bin/time || true)
OUT=$(mktemp) RSS=$(mktemp)
trap 'rm -f "$OUT" "$RSS"' EXIT

now() { date +%s.%N; }
xz_times=() kb_times=() kb_mem=() kb_rss=()
for ((i = 1; i <= RUNS; i++)); do
  t0=$(now); xz -dc "$FILE" > /dev/null; t1=$(now)
  if [[ -n "$TIME" ]]; then
    "$TIME" -o "$RSS" -f '%M' "$KANBAO" stats --json "$FILE" > "$OUT"
  else
    "$KANBAO" stats --json "$FILE" > "$OUT"
  fi
  t2=$(now)
  xz_times+=("$(echo "$t1 - $t0" | bc -l)")
  kb_times+=("$(echo "$t2 - $t1" | bc -l)")
  kb_mem+=("$(sed -n 's/.*"peak_memory_bytes": \([0-9]*\).*/\1/p' "$OUT")")
  [[ -n "$TIME" ]] && kb_rss+=("$(($(tail -n 1 "$RSS") * 1024))")
  printf 'run %d: xz -dc %.3f s, kanbao stats %.3f s, peak %.1f MB\n' "$i" "${xz_times[-1]}" \
    "${kb_times[-1]}" "$(echo "${kb_mem[-1]} / 1000000" | bc -l)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mx=$(median "${xz_times[@]}") mk=$(median "${kb_times[@]}")
printf 'median: xz -dc %.3f s, kanbao stats %.3f s, ratio %.2f (target <= 1.25)\n' "$mx" "$mk" "$(echo "$mk / $mx" | bc -l)"
mm=$(median "${kb_mem[@]}")
printf 'peak memory (VmHWM, median): %.1f MB = %.2f x the decompressed %.1f MB (target <= 1.6)\n' \
  "$(echo "$mm / 1000000" | bc -l)" "$(echo "$mm / $RAW" | bc -l)" "$(echo "$RAW / 1000000" | bc -l)"
if ((${#kb_rss[@]})); then
  mr=$(median "${kb_rss[@]}")
  printf 'max resident (kernel, median): %.1f MB = %.2f x\n' "$(echo "$mr / 1000000" | bc -l)" \
    "$(echo "$mr / $RAW" | bc -l)"
fi
