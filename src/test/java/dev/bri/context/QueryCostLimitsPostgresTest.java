package dev.bri.context;

import dev.bri.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link QueryCostLimitsTest} on the PostgreSQL engine. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class QueryCostLimitsPostgresTest extends QueryCostLimitsTest {
}
