package dev.bri.video;

import dev.bri.security.AuthOnProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every test of {@link VideoApiTest} again, with authentication on and a read+write API key sent by the client. */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
class VideoApiAuthOnTest extends VideoApiTest {

    @BeforeAll
    static void sendKey() {
        AuthOnProfile.sendClientKeyByDefault();
    }

    @AfterAll
    static void stopSendingKey() {
        AuthOnProfile.sendNoKeyByDefault();
    }
}
