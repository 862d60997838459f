package dev.bri.storage;

/**
 * The storage engine a deployment runs on ({@code bri.storage.engine}). One build serves both: the SQLite datasource
 * is the default one, PostgreSQL is the named datasource {@code postgresql}, active only when chosen here.
 */
public enum Engine {
    /** Embedded SQLite in {@code bri.data-dir}: one process, no dependency (the default). */
    SQLITE,
    /** A PostgreSQL server shared by any number of replicas (the datasource {@code quarkus.datasource."postgresql"}). */
    POSTGRESQL;

    /** The name used in configuration, metrics and logs. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
