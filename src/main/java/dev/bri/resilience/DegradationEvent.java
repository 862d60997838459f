package dev.bri.resilience;

/**
 * Something that degrades or restores service: a breaker opening or closing, a stale serve, a partial response,
 * maintenance on/off, queue overflow. Fired with {@code Event<DegradationEvent>}; recorded, logged and counted as
 * {@code bri_degradation_events_total{component,event}}. Both labels come from fixed sets.
 */
public record DegradationEvent(String component, String event, String detail) {
}
