package dev.bri.offsite;

import dev.bri.health.ComponentHealth;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "offsite" component of {@code GET /admin/health}: degraded while a sealed backup file has waited longer than
 * {@code bri.backup.s3.max-lag} for its upload, or the last pass failed or was stopped by the open breaker. Never
 * unhealthy: the service and its local backups work without the bucket.
 */
@ApplicationScoped
public class OffsiteHealth implements ComponentHealth {

    private final OffsiteReplication replication;
    private final S3Config config;

    public OffsiteHealth(OffsiteReplication replication, S3Config config) {
        this.replication = replication;
        this.config = config;
    }

    @Override
    public Report report() {
        OffsiteReplication.Status s = replication.status();
        Map<String, Object> details = new LinkedHashMap<>();
        if (!s.enabled()) {
            return new Report("offsite", Status.HEALTHY, "offsite replication not configured", details);
        }
        double lag = replication.lagSeconds();
        details.put("target", s.target());
        details.put("lag_seconds", Math.round(lag));
        details.put("max_lag_seconds", config.maxLag().toSeconds());
        if (s.lastPassAt() != null) {
            details.put("last_pass_at", s.lastPassAt().toString());
        }
        if (s.lastPass() != null) {
            details.put("pending_objects", s.lastPass().pending());
        }
        if (s.lastError() != null) {
            details.put("last_error", s.lastError());
        }
        if (lag > config.maxLag().toSeconds()) {
            return new Report("offsite", Status.DEGRADED, "a backup file has waited " + Math.round(lag)
                    + " s for its offsite upload", details);
        }
        if (s.lastPass() == null && s.lastPassAt() != null) {
            return new Report("offsite", Status.DEGRADED, "offsite replication failed: " + s.lastError(), details);
        }
        if (s.lastPass() != null && (s.lastPass().failed() > 0 || s.lastPass().interrupted())) {
            return new Report("offsite", Status.DEGRADED, "offsite uploads failing, retried with backoff", details);
        }
        if (s.lastPass() == null) {
            return new Report("offsite", Status.HEALTHY, "offsite replication starting", details);
        }
        return new Report("offsite", s.lastPass().inSync() ? Status.HEALTHY : Status.DEGRADED,
                s.lastPass().inSync() ? "bucket in sync" : s.lastPass().pending() + " file(s) waiting", details);
    }
}
