package dev.bri.video;

/**
 * Fired synchronously after a committed write to a video and before the write is acknowledged, so caches can drop
 * what they hold for it first. {@code what} is a short low-cardinality label (ingest, memory, erase, ...).
 */
public record VideoChanged(String videoId, String what) {
}
