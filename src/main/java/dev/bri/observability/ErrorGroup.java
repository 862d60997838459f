package dev.bri.observability;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Errors sharing a fingerprint: how many, when first and last seen, and the latest example. */
@RegisterForReflection
public record ErrorGroup(String fingerprint, String exceptionClass, String logger, String message, long count,
        String firstSeen, String lastSeen, String exampleRequestId, String exampleStack) {
}
