package dev.bri.archive;

import dev.bri.health.ComponentHealth;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "archive" component of {@code GET /admin/health}: degraded while archiving is stopped (the service keeps
 * serving and writing; only the recovery point ages) or lags more than {@code bri.backup.archive.max-lag}.
 */
@ApplicationScoped
public class ArchiveHealth implements ComponentHealth {

    private final ArchiveService archive;

    public ArchiveHealth(ArchiveService archive) {
        this.archive = archive;
    }

    @Override
    public Report report() {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!archive.sqlite()) {
            details.put("state", "off");
            return new Report("archive", Status.HEALTHY, "not used: the database archives its own WAL", details);
        }
        WalArchiver.Status s = archive.status();
        details.put("state", s.state());
        details.put("dir", archive.store().root().toString());
        if (s.chain() != null) {
            details.put("chain", s.chain());
            details.put("chain_started_at", String.valueOf(s.chainStartedAt()));
        }
        if (s.lastSeal() != null) {
            details.put("last_seal", s.lastSeal().toString());
        }
        long lag = s.oldestUnarchivedCommit() == null
                ? 0
                : Math.max(0, Duration.between(s.oldestUnarchivedCommit(), Instant.now()).toSeconds());
        details.put("lag_seconds", lag);
        if (s.reasonCode() != null) {
            details.put("reason", s.reasonCode());
            details.put("detail", s.reason());
        }
        switch (s.state()) {
            case "archiving" :
                if (lag > archive.config().maxLag().toSeconds()) {
                    return new Report("archive", Status.DEGRADED, "archive lags " + lag + " s behind", details);
                }
                return new Report("archive", Status.HEALTHY, "archiving, " + lag + " s behind", details);
            case "starting" :
                return new Report("archive", Status.HEALTHY, "starting a new chain", details);
            case "suspended" :
                return new Report("archive", Status.HEALTHY, "paused while the database is replaced", details);
            default :
                if ("disabled".equals(s.reasonCode())) {
                    return new Report("archive", Status.HEALTHY, "archiving disabled", details);
                }
                return new Report("archive", Status.DEGRADED, "archiving stopped: " + s.reason(), details);
        }
    }
}
