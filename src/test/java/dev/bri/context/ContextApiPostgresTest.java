package dev.bri.context;

import dev.bri.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ContextApiTest} on the PostgreSQL engine. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class ContextApiPostgresTest extends ContextApiTest {
}
