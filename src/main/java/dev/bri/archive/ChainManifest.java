package dev.bri.archive;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * {@code chain.json}: written once, after the chain's base snapshot is sealed. A chain is the base snapshot plus the
 * segments replayed on it in sequence order.
 *
 * @param baseBackupId id of the snapshot in the chain's {@code base/} directory
 * @param startedAt    the base holds every transaction committed before this instant and none after it
 * @param start        WAL position the base corresponds to: the first segment starts here
 * @param reason       why the chain was started (first_start, wal_reset, gap, restore, archive_error, scheduled,
 *                     drill_failed)
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainManifest(String id, String baseBackupId, String startedAt, WalPosition start, String reason,
        String appVersion) {

    public Instant startedAtInstant() {
        return Instant.parse(startedAt);
    }
}
