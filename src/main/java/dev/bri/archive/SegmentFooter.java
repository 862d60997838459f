package dev.bri.archive;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

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

    public Instant firstCommit() {
        return firstCommitAt == null ? null : Instant.parse(firstCommitAt);
    }

    public Instant lastCommit() {
        return lastCommitAt == null ? null : Instant.parse(lastCommitAt);
    }
}
