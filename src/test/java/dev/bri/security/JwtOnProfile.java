package dev.bri.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Authentication on with API keys and JWTs side by side. The identity provider is played by a key pair made here:
 * the service gets the public key as a PEM file (no network), the tests sign tokens with the private key.
 */
public class JwtOnProfile implements QuarkusTestProfile {

    public static final String ISSUER = "https://idp.example.test/realms/bri";
    public static final String AUDIENCE = "bri-context";
    static final KeyPair IDP = keyPair();
    static final KeyPair STRANGER = keyPair();
    static final Path PUBLIC_KEY = publicKeyFile();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new AuthOnProfile().getConfigOverrides());
        config.putAll(Map.of("bri.auth.jwt.enabled", "true", "mp.jwt.verify.publickey.location",
                PUBLIC_KEY.toUri().toString(), "mp.jwt.verify.issuer", ISSUER, "mp.jwt.verify.audiences", AUDIENCE,
                "bri.auth.jwt.scope-prefix", "bri-context:"));
        return config;
    }

    /** A token signed by the identity provider, valid for five minutes. */
    static String token(String subject, String scope) {
        long now = Instant.now().getEpochSecond();
        return sign(IDP.getPrivate(), "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + subject
                + "\",\"scope\":\"" + scope + "\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}");
    }

    /** RS256 over the compact JWS form, with the JDK only. */
    static String sign(PrivateKey key, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path publicKeyFile() {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(IDP.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Path file = Files.createTempDirectory("bri-idp").resolve("idp-public.pem");
            Files.writeString(file, pem);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
