package dev.bri.search;

import dev.bri.search.postgres.PostgresSearchIndex;
import dev.bri.search.sqlite.Fts5SearchIndex;
import dev.bri.storage.StorageEngine;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The {@link SearchIndex} of the engine this process runs on: the only place that knows there are two. */
@Singleton
public class SearchIndexes {

    @Produces
    @Singleton
    SearchIndex searchIndex(StorageEngine engine, Instance<Fts5SearchIndex> sqlite,
            Instance<PostgresSearchIndex> postgresql) {
        return engine.isPostgresql() ? postgresql.get() : sqlite.get();
    }
}
