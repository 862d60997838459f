package dev.bri.context;

import java.util.List;

/** What an ingest did: new items, items replaced by id, and the ids in request order (generated where absent). */
public record IngestResult(int inserted, int replaced, List<String> ids) {
}
