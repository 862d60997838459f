package dev.bri.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** JWTs turned on without a verification key or issuer stop the start with a message naming both settings. */
class JwtStartupCheckTest {

    private static JwtConfig jwt(boolean enabled) {
        return new JwtConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String scopeClaim() {
                return "scope";
            }

            @Override
            public Optional<String> scopePrefix() {
                return Optional.empty();
            }

            @Override
            public String subjectClaim() {
                return "sub";
            }
        };
    }

    @Test
    void enabledWithoutKeyOrIssuerRefusesToStart() {
        // a configuration of its own: the JVM-wide one is whatever the Quarkus test that ran before left behind
        Config none = new SmallRyeConfigBuilder().build();
        assertThatThrownBy(() -> new JwtTokens(jwt(true), null).checkVerificationSettings(none))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mp.jwt.verify.publickey.location").hasMessageContaining("mp.jwt.verify.issuer");
        assertThatCode(() -> new JwtTokens(jwt(false), null).checkVerificationSettings(none))
                .doesNotThrowAnyException();
    }
}
