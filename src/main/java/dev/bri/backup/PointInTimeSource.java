package dev.bri.backup;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * Restore to a point in time from continuous WAL archiving. Implemented by {@code dev.bri.archive} (this package does
 * not depend on it); {@link RestoreService} turns a request's {@code at} into a restore through it, and the result runs
 * through the same {@link RestoreProcedure} as a snapshot restore.
 */
public interface PointInTimeSource {

    /**
     * What a restore to a time does: the chain, its base snapshot, how many segment files and transactions are
     * replayed, and the commit time the restored state reaches.
     */
    @RegisterForReflection
    @com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Plan(String target, String chain, String baseBackupId, String baseTakenAt, int segments, long transactions,
            String reachedCommitAt, String coveredThrough) {
    }

    /** A planned restore and the source that rebuilds its database when {@link RestoreProcedure} stages it. */
    record Prepared(Plan plan, RestoreSource source, java.util.function.Supplier<Verification> dryRunCheck) {
    }

    /**
     * Plans a restore to {@code at} (null: the newest archived state). Throws {@code dev.bri.domain} refusals: 404 (NotFoundException)
     * when no archive covers the time (naming the newest snapshot taken before it), 409 when the chain that covers it
     * has a gap (naming the missing range).
     */
    Prepared prepare(Instant at);
}
