package dev.bri.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bri.backup.BackupMetadata;
import dev.bri.backup.OfflineBackups;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code health}: exit 0 healthy, 1 degraded, 2 unhealthy. */
@Command(name = "health", mixinStandardHelpOptions = true, description = "System health: exit 0 healthy, 1 degraded, 2 unhealthy")
public final class HealthCommand implements Callable<Integer> {

    static final int HEALTHY = 0;
    static final int DEGRADED = 1;
    static final int UNHEALTHY = 2;

    @Mixin
    Target target;

    @Override
    public Integer call() {
        try {
            return target.remote() ? remote(target.client()) : offline();
        } catch (ConnectException | HttpTimeoutException e) {
            System.out.println("unhealthy: service unreachable at " + target.url);
            return UNHEALTHY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNHEALTHY;
        } catch (Exception e) {
            System.out.println("unhealthy: " + e.getMessage());
            return UNHEALTHY;
        }
    }

    private int remote(AdminClient client) throws Exception {
        AdminClient.Reply reply = client.get("/admin/health");
        if (reply.status() == 404) {
            // older service without the health report: fall back to readiness
            AdminClient.Reply ready = client.get("/q/health/ready");
            System.out.println(ready.ok() ? "healthy (readiness UP)" : "unhealthy (readiness DOWN)");
            return ready.ok() ? HEALTHY : UNHEALTHY;
        }
        JsonNode body = reply.body();
        String status = body == null ? "" : body.path("status").asText();
        System.out.println(status.isEmpty()
                ? "unhealthy: HTTP " + reply.status() + ": " + reply.detail()
                : AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        return switch (status) {
            case "healthy" -> HEALTHY;
            case "degraded" -> DEGRADED;
            default -> UNHEALTHY;
        };
    }

    /**
     * A stopped service: the database passes quick_check, and a verified backup younger than {@code bri.backup.max-age}
     * exists (the service's rule for its {@code backups} component).
     */
    private int offline() throws Exception {
        OfflineBackups backups = new OfflineBackups(target.dataDir(), target.backupDir(), true, BriCli.version());
        String check = backups.quickCheck();
        if (!"ok".equals(check)) {
            System.out.println("unhealthy: database quick_check: " + check);
            return UNHEALTHY;
        }
        Optional<BackupMetadata> newest = backups.list().stream().filter(BackupMetadata::regular)
                .filter(BackupMetadata::verified).findFirst();
        if (newest.isEmpty()) {
            System.out.println("degraded: database ok, no verified backup");
            return DEGRADED;
        }
        Duration age = Duration.between(newest.get().created(), Instant.now());
        if (age.compareTo(target.config().backup().maxAge()) > 0) {
            System.out.println("degraded: database ok, newest verified backup " + age.toHours() + " h old");
            return DEGRADED;
        }
        System.out.println("healthy: database ok, newest verified backup " + newest.get().id());
        return HEALTHY;
    }
}
