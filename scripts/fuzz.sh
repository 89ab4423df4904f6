#!/usr/bin/env bash
# npm run fuzz: builds the libFuzzer harnesses of fuzz/ against the core sources with
# clang (-fsanitize=fuzzer,address,undefined) in build-fuzz/, and runs each one for a
# set time. Prints the executions and crashes of every target and a summary line; exits
# non-zero when any target crashed (a crash, a sanitizer report, a leak, a timeout or an
# out-of-memory: libFuzzer writes the input to build-fuzz/artifacts/<target>/).
#
# Usage: scripts/fuzz.sh [seconds-per-target]        (default 60)
# Environment:
#   FUZZ_TARGETS="network csv"   run only these targets (default: every fuzz/fuzz_<target>.cpp)
#   FUZZ_JOBS=N                  targets run N at a time (default: nproc)
#   FUZZ_BUILD_ONLY=1            build, do not run
#
# Reproduce a crash:  build-fuzz/fuzz_<target> build-fuzz/artifacts/<target>/crash-...
# Corpora: fuzz/corpus/<target>/ is the committed seed corpus (read only here); what the
# fuzzer finds goes to build-fuzz/corpus/<target>/ and is reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
case "$seconds" in (''|*[!0-9]*) echo "fuzz: seconds-per-target must be a positive integer, got '$seconds'" >&2; exit 2 ;; esac
[ "$seconds" -ge 1 ] || { echo "fuzz: seconds-per-target must be >= 1" >&2; exit 2; }
# Every harness in fuzz/ (nullglob: no match gives an empty list, never the pattern).
shopt -s nullglob
all_targets=()
for f in fuzz/fuzz_*.cpp; do t=${f#fuzz/fuzz_}; all_targets+=("${t%.cpp}"); done
[ ${#all_targets[@]} -gt 0 ] || { echo "fuzz: no harness fuzz/fuzz_*.cpp found" >&2; exit 2; }
read -r -a requested <<< "${FUZZ_TARGETS:-${all_targets[*]}}"
# Checked (and duplicates dropped: two builds of one object would race) before anything
# is built, so a typo exits at once instead of leaving compilers running behind it.
targets=()
for t in "${requested[@]}"; do
  [ -f "fuzz/fuzz_$t.cpp" ] || { echo "fuzz: unknown target '$t' (expected: ${all_targets[*]})" >&2; exit 2; }
  case " ${targets[*]} " in (*" $t "*) ;; (*) targets+=("$t") ;; esac
done
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: FUZZ_TARGETS names no target" >&2; exit 2; }
jobs="${FUZZ_JOBS:-$(nproc)}"

# ---- toolchain: clang++ 14 and its fuzzer runtime (libclang-rt-14-dev) -----------------
bash scripts/ensure-deps.sh native   # xtensor, nlohmann-json headers
cxx=""
for c in clang++-14 clang++; do command -v "$c" >/dev/null 2>&1 && { cxx=$(command -v "$c"); break; }; done
pkgs=()
[ -n "$cxx" ] || pkgs+=(clang-14)
has_fuzzer_rt() {  # the chosen compiler links a libFuzzer program (whatever its version)
  [ -n "$cxx" ] || return 1
  local tmp rc=0
  tmp=$(mktemp -d)
  printf '%s\n' '#include <cstddef>' '#include <cstdint>' \
    'extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }' > "$tmp/probe.cpp"
  "$cxx" -fsanitize=fuzzer,address,undefined "$tmp/probe.cpp" -o "$tmp/probe" >/dev/null 2>&1 || rc=1
  rm -rf "$tmp"
  return $rc
}
has_fuzzer_rt || pkgs+=(libclang-rt-14-dev)
if [ ${#pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "fuzz: installing Debian packages: ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
    for c in clang++-14 clang++; do command -v "$c" >/dev/null 2>&1 && { cxx=$(command -v "$c"); break; }; done
  else
    echo "fuzz: missing Debian packages: ${pkgs[*]}" >&2
    echo "fuzz: run as root, or: sudo apt-get install ${pkgs[*]}" >&2
    exit 1
  fi
fi

# ---- build ---------------------------------------------------------------------------
out=build-fuzz
mkdir -p "$out/obj"
san=(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
cxxflags=(-std=c++17 -O2 -g -Wall -Wextra -I. "${san[@]}")
# The core sources CMakeLists.txt globs (core/kernels/simd.cpp is empty outside WASM).
core_sources=(core/*.cpp core/kernels/*.cpp)
[ ${#core_sources[@]} -gt 0 ] || { echo "fuzz: no core sources found" >&2; exit 2; }
# Rebuild an object when its source, any core or fuzz header or this script is newer.
newest_dep=$(find core fuzz scripts/fuzz.sh \( -name '*.hpp' -o -path scripts/fuzz.sh \) -printf '%T@ %p\n' \
             | sort -n | tail -n 1 | cut -d' ' -f2-)
build_obj() {  # $1 source, $2 object, $3 extra flag
  if [ ! -f "$2" ] || [ "$1" -nt "$2" ] || [ "$newest_dep" -nt "$2" ]; then
    echo "fuzz: compiling $1"
    "$cxx" "${cxxflags[@]}" "$3" -c "$1" -o "$2"
  fi
}
pids=()
objs=()
for src in "${core_sources[@]}"; do
  obj="$out/obj/$(echo "$src" | tr '/' '_').o"
  objs+=("$obj")
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do sleep 0.2; done
  build_obj "$src" "$obj" -fsanitize=fuzzer-no-link & pids+=($!)
done
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do sleep 0.2; done
  build_obj "fuzz/fuzz_$t.cpp" "$out/obj/fuzz_$t.o" -fsanitize=fuzzer & pids+=($!)
done
# Wait for every compile (none left running behind an early exit), then fail if any did.
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
[ $failed -eq 0 ] || { echo "fuzz: compilation failed" >&2; exit 1; }
# Each target links the core objects and its own harness only (its LLVMFuzzerTestOneInput;
# never an obj/*.o glob, which would pull in the other harnesses or stale objects).
for t in "${targets[@]}"; do
  exe="$out/fuzz_$t"
  relink=0
  [ -f "$exe" ] || relink=1
  for o in "${objs[@]}" "$out/obj/fuzz_$t.o"; do [ "$o" -nt "$exe" ] && relink=1; done
  if [ $relink -eq 1 ]; then
    echo "fuzz: linking $exe"
    "$cxx" "${cxxflags[@]}" -fsanitize=fuzzer "${objs[@]}" "$out/obj/fuzz_$t.o" -o "$exe"
  fi
done
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && { echo "fuzz: built ${targets[*]} in $out/"; exit 0; }

# ---- run -----------------------------------------------------------------------------
echo "fuzz: ${#targets[@]} target(s), ${seconds} s each, ${jobs} at a time"
run_target() {  # $1 target
  local t=$1
  mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
  local dict=()
  [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
  # A 1 MiB stack (instead of 8): recursion that grows with the input's nesting depth
  # then overflows within -max_len (65,536 bytes nest 32,768 levels deep at most).
  ( ulimit -s 1024
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:symbolize=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    exec "$out/fuzz_$t" "$out/corpus/$t" "fuzz/corpus/$t" "${dict[@]}" \
      -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix="$out/artifacts/$t/" \
      > "$out/$t.log" 2>&1 )
}
start=$(date +%s)
declare -A pid_of status_of
stamp="$out/.run-start"
touch "$stamp"   # artifacts newer than this are this run's
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
  run_target "$t" & pid_of[$t]=$!
done
for t in "${targets[@]}"; do
  if wait "${pid_of[$t]}"; then status_of[$t]=0; else status_of[$t]=$?; fi
done

total_execs=0
total_crashes=0
printf '%-16s %14s %10s %9s  %s\n' target executions exec/s crashes artifacts
for t in "${targets[@]}"; do
  log="$out/$t.log"
  execs=$(grep -oE 'stat::number_of_executed_units: +[0-9]+' "$log" | tail -n 1 | grep -o '[0-9]*$' || true)
  rate=$(grep -oE 'stat::average_exec_per_sec: +[0-9]+' "$log" | tail -n 1 | grep -o '[0-9]*$' || true)
  if [ -z "$execs" ]; then  # killed before the final stats: the last status line
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#' || true)
  fi
  execs=${execs:-0}
  mapfile -t new_artifacts < <(find "$out/artifacts/$t" -maxdepth 1 -type f -newer "$stamp" \
                                  \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) | sort)
  crashes=0
  for a in "${new_artifacts[@]}"; do case "$(basename "$a")" in slow-unit-*) ;; *) crashes=$((crashes + 1)) ;; esac; done
  # A non-zero exit without an artifact (e.g. a crash during start-up) is a crash too,
  # unless libFuzzer was stopped by a signal (SIGINT/SIGTERM: "run interrupted").
  note=""
  if [ "${status_of[$t]}" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    if grep -q 'libFuzzer: run interrupted' "$log"; then note="(interrupted by a signal)"; else crashes=1; fi
  fi
  total_execs=$((total_execs + execs))
  total_crashes=$((total_crashes + crashes))
  printf '%-16s %14s %10s %9s  %s\n' "$t" "$execs" "${rate:-?}" "$crashes" "${new_artifacts[*]:-}$note"
  if [ "$crashes" -gt 0 ]; then
    echo "---- $t: the report (full log: $log) ----"
    grep -E 'ERROR|SUMMARY|runtime error|invariant failed|uncaught|deadly signal|#[0-9]+ 0x' "$log" | head -n 30 || true
    echo "----"
  fi
done
echo "fuzz summary: ${#targets[@]} targets x ${seconds} s, ${total_execs} executions, ${total_crashes} crash(es), $(( $(date +%s) - start )) s"
[ "$total_crashes" -eq 0 ]
