#!/usr/bin/env python3
"""How much a busy machine takes away from its own processes: one busy loop per core for SECONDS, each noting every
gap of more than 1 ms between two readings of the clock (its core was given to something else: another process, the
kernel, or the hypervisor, which a guest does not always see as steal time).

    bench/stall-probe.py [SECONDS]   (default 10)

A read benchmark at 16 connections keeps every core busy, so a request whose thread loses its core waits out such a
gap, and the p99 shows it: compare latency runs only between machines, or hours, whose probes agree. The loop count
per core and second is a rough speed figure to compare machines with.
"""
import multiprocessing
import os
import sys
import time

GAP_SECONDS = 0.001


def busy(seconds, results):
    now = time.perf_counter
    end = now() + seconds
    last = now()
    loops = 0
    gaps = []
    while last < end:
        t = now()
        loops += 1
        if t - last > GAP_SECONDS:
            gaps.append(t - last)
        last = t
    results.put((loops, gaps))


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    cores = os.cpu_count() or 1
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=busy, args=(seconds, results)) for _ in range(cores)]
    for w in workers:
        w.start()
    outcomes = [results.get() for _ in workers]
    for w in workers:
        w.join()
    loops = sum(o[0] for o in outcomes)
    gaps = sorted(g for o in outcomes for g in o[1])
    lost = sum(gaps) / (seconds * cores)

    def over(ms):
        return sum(1 for g in gaps if g > ms / 1000)

    print(f"stall probe: {cores} busy cores for {seconds:.0f} s: {loops / seconds / cores / 1e6:.2f} M loops/s per core, "
          f"gaps over 2 ms: {over(2)}, over 10 ms: {over(10)}, longest {gaps[-1] * 1000 if gaps else 0:.1f} ms, "
          f"time lost to gaps {lost * 100:.1f}%")


if __name__ == "__main__":
    main()
