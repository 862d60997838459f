package dev.bri.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The service's clock as a bean: code that decides by the time of day (the in-process backup schedule) takes it by
 * injection, so a test can hand the same code a clock it moves itself instead of waiting for the wall clock.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
