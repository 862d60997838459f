"""What the SQLite timing scripts share: the database opened as the service reads it."""
import sqlite3
import sys


def open_database(default_count):
    """argv: DATABASE [COUNT]. A read-only connection with the service's mmap and cache pragmas, the number of
    videos, and COUNT (how many queries to time)."""
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else default_count
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    c.execute("PRAGMA mmap_size=2147418112")
    c.execute("PRAGMA cache_size=-32768")
    videos = c.execute("SELECT max(seq) FROM videos").fetchone()[0]
    return c, videos, count
