package dev.bri.cache;

/** A serialized JSON response body and when it was read from the database (epoch millis). */
public record CachedResponse(byte[] body, long loadedAtMillis) {

    public long ageMillis(long now) {
        return Math.max(0, now - loadedAtMillis);
    }
}
