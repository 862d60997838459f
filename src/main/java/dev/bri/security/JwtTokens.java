package dev.bri.security;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies JWT bearer tokens with SmallRye JWT (signature, {@code iss}, {@code aud}, {@code exp}, from the
 * {@code mp.jwt.verify.*} settings) and maps their claims to a {@link Principal}. Only called when
 * {@code bri.auth.jwt.enabled}; Quarkus' own proactive authentication is off, so API keys never reach the parser.
 */
@ApplicationScoped
public class JwtTokens {

    private static final Logger LOG = Logger.getLogger(JwtTokens.class);
    /** Three base64url segments: what a signed JWT (JWS compact form) looks like; API keys never do. */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    /** Why a token was not accepted; the token itself is never logged. */
    public static final class InvalidToken extends Exception {
        InvalidToken(String message) {
            super(message);
        }
    }

    private final JwtConfig config;
    private final Instance<JWTParser> parser;

    public JwtTokens(JwtConfig config, Instance<JWTParser> parser) {
        this.config = config;
        this.parser = parser;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** JWTs on without a verification key would refuse every token: stop at start-up and say what is missing. */
    void onStart(@Observes StartupEvent start) {
        checkVerificationSettings(ConfigProvider.getConfig());
    }

    void checkVerificationSettings(Config mp) {
        if (!config.enabled()) {
            return;
        }
        boolean key = mp.getOptionalValue("mp.jwt.verify.publickey.location", String.class).isPresent()
                || mp.getOptionalValue("mp.jwt.verify.publickey", String.class).isPresent();
        boolean issuer = mp.getOptionalValue("mp.jwt.verify.issuer", String.class).isPresent();
        if (!key || !issuer) {
            throw new IllegalStateException("bri.auth.jwt.enabled=true needs mp.jwt.verify.publickey.location (a PEM "
                    + "or JWK(S) file or the identity provider's JWKS URL) and mp.jwt.verify.issuer "
                    + "(docs/SECURITY.md#jwt-bearer-tokens)");
        }
        LOG.infof("auth.jwt_enabled issuer=%s scope_claim=%s scope_prefix=%s", mp.getValue("mp.jwt.verify.issuer",
                String.class), config.scopeClaim(), config.scopePrefix().orElse(""));
    }

    public static boolean looksLikeJwt(String token) {
        return COMPACT_JWS.matcher(token).matches();
    }

    /** The verified token's principal; its scopes may be empty (then every scoped request gets 403). */
    public Principal verify(String token) throws InvalidToken {
        JsonWebToken jwt;
        try {
            jwt = parser.get().parse(token);
        } catch (ParseException e) {
            String reason = reason(e);
            LOG.infof("auth.jwt_rejected reason=%s", reason);
            throw new InvalidToken(reason);
        }
        Object subject = jwt.getClaim(config.subjectClaim());
        if (subject == null || subject.toString().isBlank()) {
            throw new InvalidToken("no '" + config.subjectClaim() + "' claim");
        }
        return new Principal(subject.toString(), "jwt", scopes(jwt.getClaim(config.scopeClaim())));
    }

    /**
     * Why SmallRye refused a token, as one word. Its messages can quote the whole token (a bad signature) or its
     * claims: a token signed with a key this service does not know yet may be valid elsewhere, so never log them.
     */
    static String reason(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(' ').append(t.getMessage());
        }
        String text = all.toString();
        if (text.contains("Expiration Time") || text.contains("no longer valid")) {
            return "expired";
        } else if (text.contains("signature")) {
            return "signature";
        } else if (text.contains("Issuer (iss)")) {
            return "issuer";
        } else if (text.contains("Audience (aud)")) {
            return "audience";
        } else if (text.contains("Not Before") || text.contains("not yet valid")) {
            return "not-yet-valid";
        }
        return "malformed";
    }

    Set<Scope> scopes(Object claim) {
        List<String> values;
        if (claim == null) {
            values = List.of();
        } else if (claim instanceof Collection<?> c) {
            values = c.stream().map(JwtTokens::unquote).toList();
        } else if (claim instanceof jakarta.json.JsonArray a) {
            values = a.stream().map(JwtTokens::unquote).toList();
        } else {
            values = List.of(unquote(claim).split("\\s+"));
        }
        String prefix = config.scopePrefix().orElse("");
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String value : values) {
            if (value.startsWith(prefix)) {
                Optional<Scope> scope = Scope.fromWire(value.substring(prefix.length()));
                scope.ifPresent(scopes::add);
            }
        }
        return Set.copyOf(scopes);
    }

    /** Claim values come as Strings or as JSON strings (quoted): the scope name is the bare text. */
    private static String unquote(Object value) {
        if (value instanceof jakarta.json.JsonString s) {
            return s.getString();
        }
        return value.toString();
    }
}
