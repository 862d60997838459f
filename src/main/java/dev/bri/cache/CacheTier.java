package dev.bri.cache;

/** Where a response came from, as reported in {@code X-Cache}. */
public enum CacheTier {
    HIT_L1("HIT-L1"), HIT_L2("HIT-L2"), MISS("MISS"), STALE("STALE");

    private final String header;

    CacheTier(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }
}
