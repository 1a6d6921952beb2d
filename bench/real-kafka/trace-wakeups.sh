#!/usr/bin/env bash
# Who wakes each of a running Worker's threads, and how soon after its previous wakeup
# (docs/benchmarks.md, "Worker under a trickle", eighth round). Run it as root beside a paced
# run, e.g. `bench/real-kafka/run.sh --only paced-real --paced-rates 500 --paced-seconds 40`,
# once the Worker is at its rate: `bench/real-kafka/trace-wakeups.sh [seconds] [worker pid]`.
# Records the kernel's sched_wakeup events system-wide with perf for the given seconds (4 by
# default) and prints, per thread of the Worker that was woken: its wakeups, the three threads
# or kernel contexts that woke it most, and the gaps between its consecutive wakeups. A gap under
# 200 µs is a second wakeup for what is, at these rates, the same arrival (one fetch answer read
# in pieces, say); gaps over 1 ms are separate arrivals.
set -euo pipefail
seconds=${1:-4}
pid=${2:-}
if [ -z "$pid" ]; then
  for p in $(pgrep -f 'KafkaRooms.Worker.dll'); do
    # The Worker itself, not the bench that names the same path among its arguments.
    case "$(tr '\0' '\n' < "/proc/$p/cmdline" 2>/dev/null | sed -n 2p)" in
      *KafkaRooms.Worker.dll) pid=$p ;;
    esac
  done
fi
[ -n "$pid" ] || { echo "no running KafkaRooms.Worker.dll found; pass its pid" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for task in /proc/"$pid"/task/*; do
  echo "$(basename "$task") $(tr ' ' '_' < "$task/comm")"
done > "$work/threads"
perf record -q -e sched:sched_wakeup -a -o "$work/perf.data" -- sleep "$seconds" 2>/dev/null
perf script -i "$work/perf.data" -F comm,time,event,trace 2>/dev/null | grep "sched:sched_wakeup:" > "$work/wakeups" || true

echo "Worker $pid, ${seconds} s of sched_wakeup events"
printf "%-8s %-18s %8s  %-9s %-9s %-9s %-9s  %s\n" tid thread wakeups "gap<50us" 50-200us 0.2-1ms ">1ms" "woken by (top 3)"
awk -v threads="$work/threads" '
  BEGIN { while ((getline line < threads) > 0) { split(line, f, " "); name[f[1]] = f[2] } }
  {
    # "<waker comm> <time>: sched:sched_wakeup: comm=<woken comm> pid=<woken tid> prio=... target_cpu=..."
    if (!match($0, / pid=[0-9]+ /)) next
    tid = substr($0, RSTART + 5, RLENGTH - 6)
    if (!(tid in name)) next
    if (!match($0, /[0-9]+\.[0-9]+:/)) next
    t = substr($0, RSTART, RLENGTH - 1) + 0
    waker = substr($0, 1, RSTART - 1); gsub(/^ +| +$/, "", waker); gsub(/ +/, "_", waker)
    woken[tid]++; by[tid, waker]++
    if (tid in last) {
      gap = (t - last[tid]) * 1e6
      if (gap < 50) g1[tid]++; else if (gap < 200) g2[tid]++; else if (gap < 1000) g3[tid]++; else g4[tid]++
    }
    last[tid] = t
  }
  END {
    for (tid in woken) {
      if (woken[tid] < 20) continue
      delete seen; top = ""
      for (key in by) { split(key, k2, SUBSEP); if (k2[1] == tid) seen[k2[2]] = by[key] }
      for (k = 0; k < 3; k++) {
        best = ""; bc = 0
        for (x in seen) if (seen[x] > bc) { best = x; bc = seen[x] }
        if (best == "") break
        top = top sprintf("%s %d; ", best, bc); delete seen[best]
      }
      printf "%-8s %-18s %8d  %-9d %-9d %-9d %-9d  %s\n", tid, name[tid], woken[tid], g1[tid], g2[tid], g3[tid], g4[tid], top
    }
  }' "$work/wakeups" | sort -k3 -n -r
