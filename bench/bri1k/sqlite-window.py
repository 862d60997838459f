#!/usr/bin/env python3
"""SQLite's own cost of one /context time-window read on a BRI-1K database, without the service: the five per-type
statements of build d68ae77 against the one UNION ALL statement the service runs now, with and without the ORDER BY
that would merge its arms in SQLite. Windows of 60 s as bench/bri1k/read.lua asks for them; "full" windows start before
900 s, where BRI-1K's items are (160 items each), the standard mix anywhere in the hour. Single-threaded on one
connection with the service's mmap and cache pragmas; Python's sqlite3 module uses the system SQLite (Debian 12: 3.40),
not the driver's 3.46, and its per-row cost is included, so read the numbers as ratios.

    python3 bench/bri1k/sqlite-window.py /work/bench-data/bri-1k/data/bri.db [WINDOWS]

Open a copy if the service is running on that file.
"""
import random
import sqlite3
import time

from sqlite_bench import open_database

TYPES = ["frame", "caption", "transcript", "object", "metadata"]  # ItemType order: the arm number is the index
SPAN = "COALESCE((SELECT max_span FROM item_spans WHERE video_seq = ?1 AND type = '{t}'), 0)"
# ContextRepository.WINDOW
UNION = " UNION ALL ".join(
    f"SELECT {i}, type, item_id, start_seconds, end_seconds, data, source_id, seq FROM context_items "
    f"WHERE video_seq = ?1 AND type = '{t}' AND start_seconds BETWEEN max(0, ?{2 + 2 * i} - {SPAN.format(t=t)}) "
    f"AND ?{3 + 2 * i} AND COALESCE(end_seconds, start_seconds) >= ?{2 + 2 * i}" for i, t in enumerate(TYPES))
# the per-type statement of build d68ae77 (the span was read once per request, before it)
PER_TYPE = ("SELECT item_id, start_seconds, end_seconds, data, source_id FROM context_items "
            "WHERE video_seq = ? AND type = ? AND start_seconds BETWEEN ? AND ? "
            "AND COALESCE(end_seconds, start_seconds) >= ? ORDER BY start_seconds, seq")


def main():
    c, videos, n = open_database(5000)

    def per_type(video, start):
        spans = dict(c.execute("SELECT type, max_span FROM item_spans WHERE video_seq = ?", (video,)).fetchall())
        rows = []
        for t in TYPES:
            whole = t == "metadata"
            low = 0 if whole else max(0, start - spans.get(t, 0))
            rows += c.execute(PER_TYPE, (video, t, low, 1.7e308 if whole else start + 60, 0 if whole else start))
        return rows

    def union(order_by):
        sql = UNION + (" ORDER BY 2, 4, 8" if order_by else "")

        def run(video, start):
            bounds = [b for t in TYPES for b in ((0, 1.7e308) if t == "metadata" else (start, start + 60))]
            return c.execute(sql, (video, *bounds)).fetchall()
        return run

    print(f"SQLite {sqlite3.sqlite_version}, {videos} videos, {n} random 60 s windows per line (after a warm-up pass)")
    for windows, last_start in (("full", 840), ("standard mix", 3540)):
        for name, read in (("five per-type statements (d68ae77)", per_type),
                           ("one UNION ALL, arms merged by ORDER BY in SQLite", union(True)),
                           ("one UNION ALL, no ORDER BY (the service; sorted in Java)", union(False))):
            for _ in range(2):  # the second pass is printed
                random.seed(1)
                rows = 0
                begin = time.perf_counter()
                for _ in range(n):
                    rows += len(read(random.randint(1, videos), random.randint(0, last_start)))
                elapsed = time.perf_counter() - begin
            print(f"{windows}: {name}: {elapsed / n * 1e6:.0f} us per window, {rows / n:.1f} rows")


if __name__ == "__main__":
    main()
