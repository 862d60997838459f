package dev.bri.context;

import dev.bri.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;

/** {@link ErasureTest} on the PostgreSQL engine: the same API calls, PostgreSQL's text index checked. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class ErasurePostgresTest extends ErasureTest {

    @Override
    long indexed(String word) {
        return scalar("SELECT count(*) FROM context_items WHERE search_vector @@ plainto_tsquery('bri', ?)", word);
    }

    /** The text index is a column of context_items: no tables of its own. */
    @Override
    List<String> engineTables() {
        return List.of();
    }

    @Override
    void checkTermsBeforeDelete(String secret, long seq) {
    }

    @Override
    void checkTermsAfterDelete(String secret) {
    }
}
