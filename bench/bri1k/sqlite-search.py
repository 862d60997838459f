#!/usr/bin/env python3
"""SQLite's own cost of one /search query on a BRI-1K database, without the service: the FTS5 query the service runs
for non-ASCII searches (it then reads id, type and end of the hits it returns by seq, a second small query), earlier
queries, and parts; then, on a database with schema V3, the term-statistics queries ASCII searches run (one range of
search_terms per stem, then the ten hits' texts), and ranking in SQL instead. Single-threaded on one connection, with
the service's cache and mmap pragmas. Python's sqlite3 module uses the system
SQLite (Debian 12: 3.40), not the driver's 3.46, so read the numbers as an order of magnitude.

    python3 bench/bri1k/sqlite-search.py /work/bench-data/bri-1k/data/bri.db [QUERIES]

Open a copy if the service is running on that file.
"""
import random
import sqlite3
import time

from sqlite_bench import open_database

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


# The stems FTS5's porter tokenizer gives the words above (what search_terms holds)
STEMS = {"walking": "walk", "results": "result", "happy": "happi", "important": "import", "bicycle": "bicycl"}
TERMS = ("SELECT item_seq, start_seconds, occurrences, tokens FROM search_terms WHERE video_seq = ? AND term = ? "
         "AND type IN ('caption', 'transcript') ORDER BY item_seq")
HITS = ("SELECT seq, item_id, type, end_seconds, search_text FROM context_items "
        "WHERE seq IN (SELECT value FROM json_each(?))")
RANKED_IN_SQL = ("WITH matches AS (SELECT item_seq, min(start_seconds) AS start_seconds, min(tokens) AS tokens, "
                 "sum(occurrences) AS tf FROM search_terms WHERE video_seq = ? AND term IN ({terms}) "
                 "AND type IN ('caption', 'transcript') GROUP BY item_seq HAVING count(*) = {k}), "
                 "ranked AS (SELECT item_seq, tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * tokens / "
                 "max(1.0, avg(tokens) OVER ()))) AS score FROM matches ORDER BY score DESC, start_seconds, item_seq "
                 "LIMIT 10) SELECT ci.item_id, ci.type, ci.start_seconds, ci.end_seconds, ci.search_text, ranked.score "
                 "FROM ranked JOIN context_items ci ON ci.seq = ranked.item_seq")


def term_queries(c, videos, queries):
    """The V3 search: per stem one item-ordered range, intersected here; then the best ten's texts (any ten here)."""
    def ranges(video, stems):
        found = None
        for stem in stems:
            rows = {r[0]: r for r in c.execute(TERMS, (video, stem)).fetchall()}
            found = rows if found is None else {k: v for k, v in found.items() if k in rows}
        return sorted(found)

    def ranges_and_hits(video, stems):
        seqs = ranges(video, stems)
        c.execute(HITS, ("[" + ",".join(map(str, seqs[:10])) + "]",)).fetchall()
        return seqs

    def in_sql(video, stems):
        sql = RANKED_IN_SQL.format(terms=", ".join("?" * len(stems)), k=len(stems))
        return c.execute(sql, (video, *stems)).fetchall()

    for name, run in (("term ranges (the service's ASCII search, ranked in Java)", ranges),
                      ("  and the ten hits' texts", ranges_and_hits),
                      ("term ranges grouped and ranked in SQL (GROUP BY, avg() OVER)", in_sql)):
        timed(name, queries, videos, lambda video, words: run(video, [STEMS.get(w, w) for w in words]))


def timed(name, n, videos, query):
    """Runs n random searches (video, words) twice, the same ones each time, and prints the second pass."""
    for warm in (True, False):
        random.seed(1)
        rows = 0
        start = time.perf_counter()
        for _ in range(n):
            video = random.randint(1, videos)
            rows += len(query(video, random.choice(WORDS).split()))
        elapsed = time.perf_counter() - start
    print(f"{name}: {elapsed / n * 1000:.3f} ms per query, {rows / n:.1f} rows")


def main():
    c, videos, queries = open_database(3000)
    print(f"SQLite {sqlite3.sqlite_version}, {videos} videos, {queries} random queries per line (after one warm-up pass)")
    for name, (sql, join) in VARIANTS.items():
        def fts(video, words, sql=sql, join=join):
            terms = " ".join('"%s"' % t for t in words)
            match = 'vid : "v%d" AND search_text : (%s)' % (video, terms)
            return c.execute(sql, (match, video) if join else (match,)).fetchall()
        timed(name, queries if "old" not in name else max(1, queries // 6), videos, fts)
    if c.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_terms'").fetchone():
        term_queries(c, videos, queries)


if __name__ == "__main__":
    main()
