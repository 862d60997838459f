package dev.bri.offsite;

import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One upload attempt behind the {@code offsite} guard: retries with exponential backoff and the {@code offsite}
 * circuit breaker, their numbers from {@link S3Config.Upload}. An object store that keeps failing is left alone for the
 * breaker's delay (the replicator's pass stops at the first refused call) instead of being hammered every interval.
 */
@ApplicationScoped
public class UploadGuard {

    public static final String BREAKER = "offsite";
    /** The guard's {@code method} label in the {@code ft_*} metrics. */
    static final String DESCRIPTION = "dev.bri.offsite.UploadGuard.run";

    private final Guard guard;

    public UploadGuard(@Identifier(BREAKER) Guard guard) {
        this.guard = guard;
    }

    /** The {@code offsite} guard, built at start-up so that its breaker can be asked for before the first upload. */
    @Produces
    @Singleton
    @Startup(Interceptor.Priority.PLATFORM_BEFORE)
    @Identifier(BREAKER)
    static Guard guard(S3Config config) {
        S3Config.Upload upload = config.upload();
        return Guard.create()
                .withDescription(DESCRIPTION)
                .withRetry()
                .maxRetries(upload.retries())
                .delay(upload.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .jitter(upload.retryDelay().toMillis() / 2, ChronoUnit.MILLIS)
                .abortOn(CircuitBreakerOpenException.class)
                .withExponentialBackoff()
                .maxDelay(upload.retryMaxDelay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .done()
                .withCircuitBreaker()
                .name(BREAKER)
                .requestVolumeThreshold(upload.breakerFailures())
                .failureRatio(1.0)
                .successThreshold(1)
                .delay(upload.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .build();
    }

    public void run(Replicator.Attempt attempt) throws IOException {
        try {
            guard.call(() -> {
                attempt.run();
                return null;
            }, Void.class);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
