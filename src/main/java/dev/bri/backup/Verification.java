package dev.bri.backup;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Outcome of verifying one backup: {@code passed}, {@code failed} or {@code unverified}. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Verification(String id, String status, String checkedAt, String detail) {

    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String UNVERIFIED = "unverified";

    public boolean passed() {
        return PASSED.equals(status);
    }

    public static Verification unverified(String id) {
        return new Verification(id, UNVERIFIED, null, "not verified yet");
    }
}
