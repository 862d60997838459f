package dev.bri.context;

/** Seconds [from, to] of a video to read items from; {@link #WHOLE} for items about the whole video (metadata). */
public record TimeRange(double from, double to) {
    public static final TimeRange WHOLE = new TimeRange(0, Double.MAX_VALUE);
}
