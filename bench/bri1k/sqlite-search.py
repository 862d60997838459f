#!/usr/bin/env python3
"""SQLite's own cost of one /search query on a BRI-1K database, without the service: the query the service runs (it
then reads id, type and end of the hits it returns by seq, a second small query), earlier queries, and parts,
single-threaded on one connection, with the service's cache and mmap pragmas. Python's sqlite3 module uses the system
SQLite (Debian 12: 3.40), not the driver's 3.46, so read the numbers as an order of magnitude.

    python3 bench/bri1k/sqlite-search.py /work/bench-data/bri-1k/data/bri.db [QUERIES]

Open a copy if the service is running on that file.
"""
import random
import sqlite3
import sys
import time

WORDS = ["dog", "person walking", "car", "park", "results", "bicycle street", "happy child", "kitchen", "important",
         "river"]  # the words bench/bri1k/read.lua asks for
JOIN = ("FROM context_fts CROSS JOIN context_items ci ON ci.seq = context_fts.rowid "
        "WHERE context_fts MATCH ? AND ci.video_seq = ? AND ci.type IN ('caption', 'transcript')")
VARIANTS = {
    "the service's query (match, seq, start and text; highlight() only for non-ASCII text)":
        ("SELECT ci.seq, ci.start_seconds, "
         "CASE WHEN 1 AND length(ci.search_text) = length(CAST(ci.search_text AS BLOB)) THEN ci.search_text "
         "ELSE char(128) || highlight(context_fts, 0, char(1), char(2)) END " + JOIN, True),
    "the query of build ad17e0e (highlight() for every match)":
        ("SELECT ci.seq, ci.item_id, ci.type, ci.start_seconds, ci.end_seconds, "
         "highlight(context_fts, 0, char(1), char(2)) " + JOIN, True),
    "  without highlight()": ("SELECT ci.seq, ci.item_id, ci.type, ci.start_seconds, ci.end_seconds " + JOIN, True),
    "  match and highlight() only": (
        "SELECT rowid, highlight(context_fts, 0, char(1), char(2)) FROM context_fts WHERE context_fts MATCH ?", False),
    "  match only (rowids)": ("SELECT rowid FROM context_fts WHERE context_fts MATCH ?", False),
    "the old query (FTS5 bm25() and snippet(), build 3c6278f)":
        ("SELECT ci.item_id, snippet(context_fts, 0, '<mark>', '</mark>', '…', 16), bm25(context_fts) "
         "FROM context_fts JOIN context_items ci ON ci.seq = context_fts.rowid WHERE context_fts MATCH ? "
         "AND ci.video_seq = ? AND ci.type IN ('caption', 'transcript') ORDER BY bm25(context_fts) LIMIT 10", True),
}


def main():
    path = sys.argv[1]
    queries = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    c.execute("PRAGMA mmap_size=2147418112")
    c.execute("PRAGMA cache_size=-32768")
    videos = c.execute("SELECT max(seq) FROM videos").fetchone()[0]
    print(f"SQLite {sqlite3.sqlite_version}, {videos} videos, {queries} random queries per line (after one warm-up pass)")
    for name, (sql, join) in VARIANTS.items():
        n = queries if "old" not in name else max(1, queries // 6)
        for warm in (True, False):
            random.seed(1)
            rows = 0
            start = time.perf_counter()
            for _ in range(n):
                video = random.randint(1, videos)
                terms = " ".join(f'"{t}"' for t in random.choice(WORDS).split())
                match = f'vid : "v{video}" AND search_text : ({terms})'
                rows += len(c.execute(sql, (match, video) if join else (match,)).fetchall())
            elapsed = time.perf_counter() - start
        print(f"{name}: {elapsed / n * 1000:.3f} ms per query, {rows / n:.1f} rows")


if __name__ == "__main__":
    main()
