package dev.bri.cache;

/**
 * Fire synchronously ({@code Event<CacheFlush>}) after the whole database was replaced (restore): both tiers drop
 * everything, locally and, through Redis, on every replica, before the restore is acknowledged.
 */
public record CacheFlush(String reason) {
}
