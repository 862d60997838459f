package dev.bri.memory;

/** One conversation turn about a video. */
public record MemoryTurn(long id, String role, String content, String timestamp) {
}
