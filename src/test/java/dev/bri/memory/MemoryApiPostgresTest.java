package dev.bri.memory;

import dev.bri.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link MemoryApiTest} on the PostgreSQL engine. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class MemoryApiPostgresTest extends MemoryApiTest {
}
