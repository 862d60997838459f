package dev.bri.offsite;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One upload attempt behind retries with exponential backoff and the {@code offsite} circuit breaker: an object
 * store that keeps failing is left alone for the breaker's delay (the replicator's pass stops at the first refused
 * call) instead of being hammered every interval. Timings can be changed with
 * {@code quarkus.fault-tolerance."dev.bri.offsite.UploadGuard/run".*}.
 */
@ApplicationScoped
public class UploadGuard {

    @Retry(maxRetries = 3, delay = 1000, jitter = 500, abortOn = CircuitBreakerOpenException.class)
    @ExponentialBackoff(maxDelay = 30_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 1.0, delay = 60_000, successThreshold = 1)
    @CircuitBreakerName("offsite")
    public void run(Replicator.Attempt attempt) throws IOException {
        attempt.run();
    }
}
