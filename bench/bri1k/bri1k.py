#!/usr/bin/env python3
"""BRI-1K: the standard, deterministic benchmark dataset of bri-context.

1,000 one-hour videos, each with 600 captions, 600 transcript segments, 600 object detections and 600 frames (one
every 1.5 s: ~2.4 M items) and 20 memory turns. Everything derives from a fixed seed per video, so every run on every
machine produces the same rows.

  bri1k.py load --url http://localhost:8080 [--videos 1000] [--concurrency 2] [--batch 1200]
      loads the dataset through the HTTP API and prints the ingest rate (items/s)
  bri1k.py sql [--videos 1000] > rows.sql
      prints the same rows as SQL for the sqlite3 command-line tool (one transaction), the ingest ceiling
  bri1k.py ids [--videos 1000]
      prints the video ids, one a line
Standard library only.
"""
import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

DURATION = 3600.0
STEP = 1.5
PER_TYPE = 600
TURNS = 20
ADJ = ["red", "small", "old", "happy", "tall", "wet", "bright", "dark", "busy", "quiet", "brown", "young"]
NOUN = ["dog", "person", "car", "bicycle", "cat", "child", "tree", "truck", "bird", "woman", "man", "ball"]
VERB = ["walking", "running", "sitting", "jumping", "standing", "crossing", "playing", "waiting", "eating"]
PLACE = ["in a park", "on a street", "near a river", "in a kitchen", "on a beach", "in an office",
         "at a station", "in a garden", "on a bridge", "in a forest"]
WORDS = ("hello everyone welcome today we are going to look at how the system works and what happens next "
         "please notice the light here then we move over to the other side of the room and talk about results "
         "this part is important because it shows the difference between the two approaches").split()
CLASSES = ["person", "dog", "car", "bicycle", "cat", "truck", "bird", "bus", "chair", "cup", "bottle", "laptop",
           "phone", "book", "horse", "sheep", "umbrella", "backpack", "bench", "clock"]
SOURCES = {
    "frame": {"tool": "opencv", "tool_version": "4.9.0", "model_version": "", "parameters": {"interval": 1.5}},
    "caption": {"tool": "blip", "tool_version": "1.0", "model_version": "blip-base", "parameters": {"beam": 3}},
    "transcript": {"tool": "whisper", "tool_version": "20231117", "model_version": "base", "parameters": {}},
    "object": {"tool": "yolo", "tool_version": "8.1", "model_version": "yolov8n", "parameters": {"conf": 0.25}},
}


def video_id(n):
    return "bri1k-%04d" % n


def items(n):
    """All 2,400 items of video n, in a fixed order, as API item dicts."""
    rnd = random.Random(n)
    out = []
    for i in range(PER_TYPE):
        t = round(i * STEP, 3)
        out.append({"id": "f%d" % i, "type": "frame", "start": t,
                    "data": {"timestamp": t, "image_path": "frames/%s/%05d.jpg" % (video_id(n), i),
                             "frame_number": int(t * 30)}, "source": SOURCES["frame"]})
        text = "a %s %s %s %s" % (rnd.choice(ADJ), rnd.choice(NOUN), rnd.choice(VERB), rnd.choice(PLACE))
        out.append({"id": "c%d" % i, "type": "caption", "start": t,
                    "data": {"frame_timestamp": t, "text": text, "confidence": round(rnd.uniform(0.5, 1), 3)},
                    "source": SOURCES["caption"]})
        words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 14)))
        out.append({"id": "t%d" % i, "type": "transcript", "start": t, "end": round(t + STEP, 3),
                    "data": {"start": t, "end": round(t + STEP, 3), "text": words,
                             "confidence": round(rnd.uniform(0.6, 1), 3)}, "source": SOURCES["transcript"]})
        objs = [{"class_name": rnd.choice(CLASSES), "confidence": round(rnd.uniform(0.3, 1), 3),
                 "bbox": [rnd.randint(0, 1800), rnd.randint(0, 1000), rnd.randint(20, 300), rnd.randint(20, 300)]}
                for _ in range(rnd.randint(1, 3))]
        out.append({"id": "o%d" % i, "type": "object", "start": t, "data": {"frame_timestamp": t, "objects": objs},
                    "source": SOURCES["object"]})
    return out


def turns(n):
    rnd = random.Random(n * 7919)
    return [{"role": "user" if k % 2 == 0 else "assistant",
             "content": " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 25)))} for k in range(TURNS)]


class Client:
    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=120)

    def call(self, method, path, body):
        data = json.dumps(body, separators=(",", ":")).encode()
        self.conn.request(method, path, data, {"Content-Type": "application/json"})
        response = self.conn.getresponse()
        payload = response.read()
        if response.status >= 300:
            raise RuntimeError("%s %s -> %d %s" % (method, path, response.status, payload[:300]))
        return json.loads(payload) if payload else None


def load(args):
    queue = list(range(args.first, args.first + args.videos))
    lock = threading.Lock()
    totals = {"items": 0, "api_seconds": 0.0}

    def worker():
        client = Client(args.url)
        while True:
            with lock:
                if not queue:
                    return
                n = queue.pop(0)
            vid = video_id(n)
            client.call("PUT", "/api/v1/videos/" + vid, {"filename": vid + ".mp4", "duration": DURATION})
            all_items = items(n)
            for k in range(0, len(all_items), args.batch):
                batch = all_items[k:k + args.batch]
                body = json.dumps({"items": batch}, separators=(",", ":")).encode()
                started = time.perf_counter()
                client.conn.request("POST", "/api/v1/videos/%s/context" % vid, body,
                                    {"Content-Type": "application/json"})
                response = client.conn.getresponse()
                payload = response.read()
                elapsed = time.perf_counter() - started
                if response.status != 200:
                    raise RuntimeError("ingest %s -> %d %s" % (vid, response.status, payload[:300]))
                with lock:
                    totals["items"] += len(batch)
                    totals["api_seconds"] += elapsed
            for turn in turns(n):
                client.call("POST", "/api/v1/videos/%s/memory" % vid, turn)
            if n % 50 == 0:
                print("loaded %s" % vid, file=sys.stderr, flush=True)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    print(json.dumps({"videos": args.videos, "items": totals["items"], "wall_seconds": round(wall, 1),
                      "items_per_second": round(totals["items"] / wall)}))


def sql_literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def sql(args):
    """The same rows as the API stores, for sqlite3 in one transaction (schema from the service's migrations)."""
    out = sys.stdout
    now = "2026-01-01T00:00:00.000Z"
    out.write("PRAGMA foreign_keys=ON;\nBEGIN;\n")
    source_ids = {}
    for k, (kind, src) in enumerate(sorted(SOURCES.items()), start=1):
        source_ids[kind] = k
        out.write("INSERT INTO lineage_sources (id, tool, tool_version, model_version, parameters, created_at) "
                  "VALUES (%d, %s, %s, %s, %s, '%s');\n" % (
                      k, sql_literal(src["tool"]), sql_literal(src["tool_version"]),
                      sql_literal(src["model_version"]),
                      sql_literal(json.dumps(src["parameters"], separators=(",", ":"))), now))
    for n in range(args.first, args.first + args.videos):
        seq = n + 1
        out.write("INSERT INTO videos (seq, id, filename, duration_seconds, status, created_at, updated_at) "
                  "VALUES (%d, '%s', '%s.mp4', %r, 'pending', '%s', '%s');\n" % (
                      seq, video_id(n), video_id(n), DURATION, now, now))
        for item in items(n):
            data = json.dumps(item["data"], separators=(",", ":"))
            text = item["data"].get("text") if item["type"] in ("caption", "transcript") else None
            out.write("INSERT INTO context_items (video_seq, item_id, type, start_seconds, end_seconds, data, "
                      "search_text, source_id, created_at, updated_at) VALUES (%d, %s, %s, %r, %s, %s, %s, %d, "
                      "'%s', '%s');\n" % (seq, sql_literal(item["id"]), sql_literal(item["type"]), item["start"],
                                          sql_literal(item.get("end")), sql_literal(data), sql_literal(text),
                                          source_ids[item["type"]], now, now))
    out.write("COMMIT;\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("load", "sql", "ids"):
        p = sub.add_parser(name)
        p.add_argument("--videos", type=int, default=1000)
        p.add_argument("--first", type=int, default=0)
        if name == "load":
            p.add_argument("--url", default="http://localhost:8080")
            p.add_argument("--concurrency", type=int, default=2)
            p.add_argument("--batch", type=int, default=1200)
    args = parser.parse_args()
    if args.command == "load":
        load(args)
    elif args.command == "sql":
        sql(args)
    else:
        for n in range(args.first, args.first + args.videos):
            print(video_id(n))


if __name__ == "__main__":
    main()
