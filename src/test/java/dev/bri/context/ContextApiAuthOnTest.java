package dev.bri.context;

import dev.bri.security.AuthOnProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every test of {@link ContextApiTest} again, with authentication on and a read+write API key sent by the client. */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
class ContextApiAuthOnTest extends ContextApiTest {

    @BeforeAll
    static void sendKey() {
        AuthOnProfile.sendClientKeyByDefault();
    }

    @AfterAll
    static void stopSendingKey() {
        AuthOnProfile.sendNoKeyByDefault();
    }
}
