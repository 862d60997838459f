package dev.bri.archive;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a sealed segment holds, stored at its end (before the SHA-256 trailer).
 *
 * @param firstSeq       first seal sequence number it covers (a compacted segment covers several)
 * @param firstTx        chain-local number of its first transaction; {@code lastTx + 1 == firstTx} when empty
 * @param start          WAL position before its first transaction (equal to the previous segment's end)
 * @param sealedThrough  every transaction committed before this instant is in this segment or an earlier one
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SegmentFooter(String chain, long firstSeq, long lastSeq, int pageSize, long firstTx, long lastTx,
        long frames, WalPosition start, WalPosition end, String firstCommitAt, String lastCommitAt,
        String sealedThrough) {

    public long transactions() {
        return lastTx - firstTx + 1;
    }

    public Instant sealedThroughInstant() {
        return Instant.parse(sealedThrough);
    }

    /**
     * Its first commit time as its record keeps it, to the microsecond: the footer was written from the clock's
     * reading, which may carry nanoseconds, and a restore compares its target with both.
     */
    public Instant firstCommit() {
        return firstCommitAt == null ? null : Instant.parse(firstCommitAt).truncatedTo(ChronoUnit.MICROS);
    }

    /** Its last commit time, to the microsecond as its record keeps it (see {@link #firstCommit}). */
    public Instant lastCommit() {
        return lastCommitAt == null ? null : Instant.parse(lastCommitAt).truncatedTo(ChronoUnit.MICROS);
    }
}
