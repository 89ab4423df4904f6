#!/usr/bin/env bash
# Runs stages side by side as their dependencies allow (used by scripts/test.sh).
# Usage: scripts/run-stages.sh "name | dependency ... | command" ...
# A stage starts when every stage it depends on has passed (at most TEST_JOBS at a time,
# default no limit, in the order given when several are ready); one whose dependency
# failed is skipped. A dependency written ~name only orders: the stage starts after that
# one has ended, whether it passed, failed or was skipped. Each stage's output goes to build/stage-logs/<name>.log and is printed
# in one block when the stage ends (so parallel stages never interleave). The run ends
# with each stage's wall and CPU time (user + system of everything it ran), the load,
# the tests counted in the logs (ctest, node --test, doctest) and, on failure, which
# stages failed; the exit status is non-zero when any stage failed. Ctrl-C stops all.
set -uo pipefail
cd "$(dirname "$0")/.."

logs=build/stage-logs
rm -rf "$logs"
mkdir -p "$logs"
jobs_max=${TEST_JOBS:-$#}
t_start=$(date +%s.%N)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

names=() ; declare -A deps cmd state pid
for spec in "$@"; do
  IFS='|' read -r n d c <<< "$spec"
  n=$(echo $n); d=$(echo $d)  # trim
  names+=("$n"); deps[$n]=$d; cmd[$n]=$c; state[$n]=waiting
done
for n in "${names[@]}"; do
  for d in ${deps[$n]}; do
    d=${d#\~}
    [ -n "${cmd[$d]+x}" ] || { echo "run-stages: stage '$n' depends on unknown stage '$d'" >&2; exit 2; }
  done
done

# Seconds since a `date +%s.%N` time, and sums (awk: bc is not on a fresh machine).
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a + b }'; }
# Seconds of CPU (user + sys) in the children line of a `times` output file.
cpu_of_times() { tail -n 1 "$1" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } printf "%.1f", s }'; }

# One stage, in its own process group: its output to its log, then "rc wall cpu" to .done.
run_stage() {
  local n=$1 t0 rc cpu
  t0=$(date +%s.%N)
  bash -c "${cmd[$n]}" > "$logs/$n.log" 2>&1 < /dev/null
  rc=$?
  times > "$logs/$n.times"  # here, in the stage's shell: in a pipe or $(...) it would see no children
  cpu=$(cpu_of_times "$logs/$n.times")
  echo "$rc $(since "$t0") $cpu" > "$logs/$n.done"
}

stop_all() {
  for n in "${names[@]}"; do
    [ "${state[$n]}" = running ] && kill -TERM -- "-${pid[$n]}" 2>/dev/null
  done
  wait
  echo "run-stages: interrupted" >&2
  exit 130
}
trap stop_all INT TERM
set -m  # each background stage gets its own process group (stop_all ends all of it)

failed=()
print_block() {  # name status wall cpu
  echo "==== $1: $2 (${3} s, CPU ${4} s) ===="
  cat "$logs/$1.log"
  echo
}
while :; do
  running=0 pending=0
  for n in "${names[@]}"; do
    case "${state[$n]}" in
      running)
        if [ -f "$logs/$n.done" ]; then
          wait "${pid[$n]}" 2>/dev/null
          read -r rc wall cpu < "$logs/$n.done"
          if [ "$rc" -eq 0 ]; then state[$n]=passed; else state[$n]=failed; failed+=("$n"); fi
          print_block "$n" "${state[$n]}$([ "$rc" -ne 0 ] && echo " (exit $rc)")" "$wall" "$cpu"
        else
          running=$((running + 1))
        fi ;;
      waiting) pending=$((pending + 1)) ;;
    esac
  done
  for n in "${names[@]}"; do
    [ "${state[$n]}" = waiting ] || continue
    ready=1
    for d in ${deps[$n]}; do
      if [ "${d#\~}" != "$d" ]; then  # ~name: after it, whatever its result
        case "${state[${d#\~}]}" in passed|failed|skipped) ;; *) ready=0 ;; esac
        continue
      fi
      case "${state[$d]}" in
        passed) ;;
        failed|skipped) state[$n]=skipped; echo "==== $n: skipped ($d did not pass) ===="; echo; ready=0; break ;;
        *) ready=0 ;;
      esac
    done
    if [ $ready -eq 1 ] && [ "$running" -lt "$jobs_max" ]; then
      run_stage "$n" & pid[$n]=$!
      state[$n]=running
      running=$((running + 1))
    fi
  done
  [ "$running" -eq 0 ] && [ "$pending" -eq 0 ] && break
  # a stage that became ready because another was skipped is handled on the next pass
  sleep 0.2
done
set +m

# ---- summary ---------------------------------------------------------------------------
wall=$(since "$t_start")
printf '\n%-12s %-8s %8s %8s\n' stage status wall_s cpu_s
total_cpu=0
for n in "${names[@]}"; do
  w=- c=-
  if [ -f "$logs/$n.done" ]; then read -r _ w c < "$logs/$n.done"; total_cpu=$(add "$total_cpu" "$c"); fi
  printf '%-12s %-8s %8.1f %8s\n' "$n" "${state[$n]}" "${w/-/0}" "$c"
done
printf '%-12s %-8s %8.1f %8.1f   (%d cores; load average %s at the start, %s at the end)\n' \
  total "" "$wall" "$total_cpu" "$(nproc)" "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)"

# Tests counted in the logs: ctest ("N% tests passed, F tests failed out of T"), node --test
# ("# pass N" / "# fail N") and doctest ("test cases: T | P passed | F failed").
pass=0 fail=0
for f in "$logs"/*.log; do
  read -r p q < <(awk '
    /tests passed, [0-9]+ tests? failed out of/ { for (i = 1; i <= NF; i++) if ($i == "out") { t = $(i + 2) }; for (i = 1; i <= NF; i++) if ($i == "failed") { fl = $(i - 2) } ; P += t - fl; F += fl }
    /^# pass [0-9]+$/ { P += $3 } /^# fail [0-9]+$/ { F += $3 }
    /\[doctest\] test cases:/ { gsub(/\|/, " "); for (i = 1; i <= NF; i++) { if ($i == "passed") P += $(i - 1); if ($i == "failed") F += $(i - 1) } }
    END { print P + 0, F + 0 }' "$f")
  pass=$((pass + p)); fail=$((fail + q))
done
if [ ${#failed[@]} -gt 0 ] || [ "$fail" -gt 0 ]; then
  echo "== FAILED: ${failed[*]:-(a test failed)} (logs in $logs/) =="
  echo "tests: $pass passed, $fail failed"
  exit 1
fi
skipped=0
for n in "${names[@]}"; do [ "${state[$n]}" = passed ] || skipped=1; done
[ $skipped -eq 0 ] || { echo "== FAILED: stages were skipped ==" >&2; exit 1; }
echo "== all suites passed in $(printf '%.0f' "$wall") s =="
echo "tests: $pass passed, $fail failed"
