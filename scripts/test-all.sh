#!/usr/bin/env bash
# make test: every suite, each run even when another fails, then one summary line
# per suite and a total, read from pytest's closing lines, so CI and a person see
# at a glance what ran where:
#   core     the pure rules on the newest Python 3.9-3.12 here (make test-core)
#   saleor2  the whole suite on Saleor 2.10.1, Python 3.8   (make test-saleor2)
#   saleor3  the whole suite on Saleor 3.23.28, Python 3.12 (make test-saleor3)
# Exits non-zero if a test failed or errored, or a suite broke or ran no tests
# (such a suite counts as one failure in its line). Each suite's output is also in
# .hosts/logs/NAME.log. LOYALTY_SUITE_TIMEOUT (e.g. 30m) bounds each suite.
set -euo pipefail
cd "$(dirname "$0")/.."
make=${MAKE:-make}
logs=.hosts/logs
mkdir -p "$logs"
rm -f "$logs/total.txt"

suites="core saleor2 saleor3"
# Results per suite in plain variables (passed_core, ...): bash 3 has no maps.
put() { printf -v "$1_$2" '%s' "$3"; }
get() { local name="$1_$2"; echo "${!name}"; }

count() {  # count WORD-REGEX LINE: the number before WORD in pytest's closing line
  local n
  n=$(printf '%s\n' "$2" | grep -oE "(^|[ =,])[0-9]+ $1(,| |$)" | grep -oE '[0-9]+' | head -n1 || true)
  echo "${n:-0}"
}

for suite in $suites; do
  echo
  echo "======== $suite: make test-$suite ========"
  log="$logs/$suite.log"
  started=$(date +%s)
  command=("$make" --no-print-directory "test-$suite")
  if [ -n "${LOYALTY_SUITE_TIMEOUT:-}" ]; then
    command=(timeout --signal=TERM --kill-after=60 "$LOYALTY_SUITE_TIMEOUT" "${command[@]}")
  fi
  set +e
  "${command[@]}" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  put seconds "$suite" $(($(date +%s) - started))

  # pytest's closing line, e.g. "=== 3 failed, 120 passed, 2 skipped in 61.2s ===" or,
  # with -q, "62 passed in 0.3s"; colour codes stripped in case colour was forced.
  closing=$(sed 's/\x1b\[[0-9;]*m//g' "$log" \
    | grep -E '^(=+ )?(no tests ran|[0-9]+ (passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?|rerun)).* in [0-9.]+s' \
    | tail -n1 || true)
  passed=$(count passed "$closing")
  failed=$(($(count failed "$closing") + $(count 'errors?' "$closing")))
  note=""
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    case "$status" in
      124 | 137) note="stopped by the time limit ($LOYALTY_SUITE_TIMEOUT)" ;;
      5) note="ran no tests" ;;
      *) note="broke before reporting a failing test (exit code $status)" ;;
    esac
  elif [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
    note="ran no tests"
  fi
  if [ -n "$note" ]; then failed=$((failed + 1)); fi
  put passed "$suite" "$passed"
  put failed "$suite" "$failed"
  put skipped "$suite" "$(count skipped "$closing")"
  put note "$suite" "$note"
done

echo
echo "======== summary (logs in $logs/) ========"
for suite in $suites; do
  note=$(get note "$suite")
  if [ -n "$note" ]; then
    echo "$suite $note; counted as one failure (see $logs/$suite.log)"
  fi
done
echo "timings: core $(get seconds core) s, saleor2 $(get seconds saleor2) s, saleor3 $(get seconds saleor3) s"
total_passed=0
total_failed=0
total_skipped=0
for suite in saleor2 saleor3 core; do
  line="$suite: $(get passed "$suite") passed, $(get failed "$suite") failed"
  if [ "$(get skipped "$suite")" -gt 0 ]; then line="$line, $(get skipped "$suite") skipped"; fi
  echo "$line"
  total_passed=$((total_passed + $(get passed "$suite")))
  total_failed=$((total_failed + $(get failed "$suite")))
  total_skipped=$((total_skipped + $(get skipped "$suite")))
done
line="total: $total_passed passed, $total_failed failed"
if [ "$total_skipped" -gt 0 ]; then line="$line, $total_skipped skipped"; fi
echo "$line" | tee "$logs/total.txt"
[ "$total_failed" -eq 0 ]
