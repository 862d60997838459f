package dev.bri.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * JWT bearer tokens from an organisation's identity provider, beside API keys (docs/SECURITY.md). The signature,
 * issuer, audience and expiry are checked by SmallRye JWT with the standard {@code mp.jwt.verify.*} settings; this
 * mapping says whether tokens are accepted at all and how their claims become a subject and scopes.
 */
@ConfigMapping(prefix = "bri.auth.jwt")
public interface JwtConfig {

    /** Accept JWT bearer tokens (needs {@code mp.jwt.verify.publickey.location} and {@code mp.jwt.verify.issuer}). */
    @WithDefault("false")
    boolean enabled();

    /**
     * The claim that holds the token's scopes: a space-separated string (OAuth 2.0 {@code scope}) or an array of
     * strings (such as {@code scp} or {@code groups}).
     */
    @WithDefault("scope")
    String scopeClaim();

    /**
     * Prefix of this service's scopes in that claim, e.g. {@code bri-context:} for {@code bri-context:read}; other
     * values in the claim are ignored. Empty: the values are {@code read}, {@code write}, {@code admin}.
     */
    Optional<String> scopePrefix();

    /** The claim naming the caller: the audit actor and the rate-limit client. */
    @WithDefault("sub")
    String subjectClaim();
}
