package dev.bri.pipeline;

import dev.bri.testing.PostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link PipelineApiTest} on the PostgreSQL engine. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PipelineApiPostgresTest extends PipelineApiTest {
}
