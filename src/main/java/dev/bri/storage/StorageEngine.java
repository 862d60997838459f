package dev.bri.storage;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.flyway.FlywayDataSource;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;

/**
 * The engine this process runs on ({@code bri.storage.engine}) and its datasource and migrations. Everything that
 * opens a connection gets the datasource here, never by injecting one: the PostgreSQL datasource is inactive (and
 * cannot be injected) unless it is the chosen engine.
 */
@Singleton
public class StorageEngine {

    /** The Quarkus name of the PostgreSQL datasource ({@code quarkus.datasource."postgresql".*}). */
    public static final String POSTGRESQL_DATASOURCE = "postgresql";

    private final Engine engine;
    private final InjectableInstance<AgroalDataSource> dataSources;
    private final InjectableInstance<Flyway> flyways;
    private final Dialect dialect;

    public StorageEngine(StorageConfig config, @Any InjectableInstance<AgroalDataSource> dataSources,
            @Any InjectableInstance<Flyway> flyways, Instance<Dialect> dialects) {
        this.engine = config.storage().engine();
        this.dataSources = dataSources;
        this.flyways = flyways;
        this.dialect = dialects.stream().filter(d -> d.engine() == engine).findFirst()
                .orElseThrow(() -> new IllegalStateException("no dialect for engine " + engine));
    }

    /** What the engine does differently around a transaction. */
    public Dialect dialect() {
        return dialect;
    }

    public Engine engine() {
        return engine;
    }

    public boolean isSqlite() {
        return engine == Engine.SQLITE;
    }

    public boolean isPostgresql() {
        return engine == Engine.POSTGRESQL;
    }

    /** The pool of the chosen engine. */
    public AgroalDataSource dataSource() {
        return isPostgresql()
                ? dataSources.select(new DataSource.DataSourceLiteral(POSTGRESQL_DATASOURCE)).get()
                : dataSources.select(Default.Literal.INSTANCE).get();
    }

    /** The migrations of the chosen engine: {@code db/migration} (SQLite), {@code db/postgresql} (PostgreSQL). */
    public Flyway flyway() {
        return isPostgresql()
                ? flyways.select(FlywayDataSource.FlywayDataSourceLiteral.of(POSTGRESQL_DATASOURCE)).get()
                : flyways.select(Default.Literal.INSTANCE).get();
    }
}
