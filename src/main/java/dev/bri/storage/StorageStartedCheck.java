package dev.bri.storage;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the schema is migrated and the database is open. */
@Startup
@ApplicationScoped
public class StorageStartedCheck implements HealthCheck {

    private final Database database;

    public StorageStartedCheck(Database database) {
        this.database = database;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("storage-migrated").status(database.isOpen()).build();
    }
}
