package dev.bri.encryption;

import com.exceptionfactory.jagged.DecryptingChannelFactory;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The private half: age identities ({@code AGE-SECRET-KEY-1...}) read from a file in age-keygen's format (comments
 * start with #). Used only by restores and remote verification; the key never reaches a log or a message.
 */
public final class AgeIdentity {

    /** The identity is missing, unreadable, or does not open an object: nothing was changed. */
    public static final class IdentityException extends IOException {
        public IdentityException(String message) {
            super(message);
        }

        public IdentityException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final List<String> keys;
    private final String source;

    private AgeIdentity(List<String> keys, String source) {
        this.keys = List.copyOf(keys);
        this.source = source;
    }

    public static AgeIdentity read(Path file) throws IdentityException {
        if (file == null) {
            throw new IdentityException("no age identity: pass --identity-file or set "
                    + "BRI_BACKUP_ENCRYPTION_IDENTITY_FILE (the private key matching one of the recipients)");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IdentityException("age identity file " + file + " does not exist or is not readable");
        }
        List<String> keys = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.trim();
                if (l.startsWith("AGE-SECRET-KEY-1")) {
                    keys.add(l);
                }
            }
        } catch (IOException e) {
            throw new IdentityException("age identity file " + file + " is unreadable: " + e.getMessage(), e);
        }
        if (keys.isEmpty()) {
            throw new IdentityException("age identity file " + file + " holds no AGE-SECRET-KEY-1 line");
        }
        for (String key : keys) {
            try {
                X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(key);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IdentityException("age identity file " + file + " holds an invalid X25519 identity");
            }
        }
        return new AgeIdentity(keys, file.toString());
    }

    /**
     * A channel that decrypts {@code source}. The header is read here, so an identity that matches no recipient
     * fails now with {@link IdentityException}; a modified payload fails while reading (age authenticates every
     * 64 KiB chunk).
     */
    public ReadableByteChannel decrypting(ReadableByteChannel ciphertext, String objectName) throws IOException {
        try {
            List<RecipientStanzaReader> readers = new ArrayList<>();
            for (String key : keys) {
                readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(key));
            }
            DecryptingChannelFactory factory = new StandardDecryptingChannelFactory();
            return factory.newDecryptingChannel(ciphertext, readers);
        } catch (GeneralSecurityException e) {
            throw new IdentityException("the age identity from " + source + " cannot open " + objectName
                    + " (not one of its recipients, or the header was modified): " + e.getMessage(), e);
        }
    }
}
