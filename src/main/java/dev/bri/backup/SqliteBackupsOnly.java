package dev.bri.backup;

import dev.bri.domain.NotOnThisEngineException;
import dev.bri.storage.StorageEngine;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The service's backups are copies of its SQLite file. On PostgreSQL there is no such file, and recovery is the
 * database's own (base backups, WAL archiving and point-in-time recovery by CloudNativePG or the operator's tooling):
 * every backup and restore endpoint answers {@code 409 not-on-this-engine} naming that procedure, rather than
 * pretending. After authentication (a caller without the admin token still gets 401).
 */
@Singleton
public class SqliteBackupsOnly {

    /** What an operator of a PostgreSQL deployment does instead; also printed by the CLI. */
    public static final String PROCEDURE = "this deployment runs on PostgreSQL (bri.storage.engine=postgresql): "
            + "backups, restores and point-in-time recovery are PostgreSQL's own (CloudNativePG base backups, WAL "
            + "archiving and recovery to a time), not the service's; see docs/BACKUP_RESTORE_GUIDE.md, section "
            + "\"PostgreSQL\"";

    /** Looked up per request: filters are created before the run-time configuration is there. */
    private final Instance<StorageEngine> engine;

    public SqliteBackupsOnly(Instance<StorageEngine> engine) {
        this.engine = engine;
    }

    @ServerRequestFilter(priority = 40)
    public void refuseOnOtherEngines(ContainerRequestContext request) {
        if (engine.get().isSqlite()) {
            return;
        }
        String path = request.getUriInfo().getPath();
        if (path.equals("/admin/backups") || path.startsWith("/admin/backups/") || path.equals("/admin/restore")
                || path.startsWith("/admin/restore/")) {
            throw new NotOnThisEngineException(PROCEDURE);
        }
    }
}
