package dev.bri.encryption;

import com.exceptionfactory.jagged.EncryptingChannelFactory;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The public half of age encryption: X25519 recipients ({@code age1...}). Everything the service uploads is
 * encrypted to each of them; none of them can decrypt anything, so the pod holds no secret that reads the bucket.
 */
public final class AgeRecipients {

    private final List<String> recipients;

    private AgeRecipients(List<String> recipients) {
        this.recipients = List.copyOf(recipients);
    }

    /** Parses and checks each key now, so a typo stops the start-up instead of every upload. */
    public static AgeRecipients parse(List<String> keys) {
        List<String> valid = new ArrayList<>();
        for (String raw : keys) {
            String key = raw.trim();
            if (key.isEmpty()) {
                continue;
            }
            if (!key.startsWith("age1")) {
                throw new IllegalArgumentException("not an age X25519 recipient (must start with age1): "
                        + abbreviate(key));
            }
            try {
                X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(key);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("invalid age recipient " + abbreviate(key) + ": " + e.getMessage());
            }
            valid.add(key);
        }
        if (valid.isEmpty()) {
            throw new IllegalArgumentException(
                    "no age recipients: set bri.backup.encryption.recipients (BRI_BACKUP_ENCRYPTION_RECIPIENTS)");
        }
        return new AgeRecipients(valid);
    }

    public int size() {
        return recipients.size();
    }

    /** A channel that encrypts what is written into {@code sink}; closing it writes the final chunk. */
    public WritableByteChannel encrypting(WritableByteChannel sink) throws IOException {
        try {
            List<RecipientStanzaWriter> writers = new ArrayList<>();
            for (String key : recipients) {
                writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(key));
            }
            EncryptingChannelFactory factory = new StandardEncryptingChannelFactory();
            return factory.newEncryptingChannel(sink, writers);
        } catch (GeneralSecurityException e) {
            throw new IOException("age encryption could not start: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String key) {
        return key.length() > 12 ? key.substring(0, 12) + "..." : key;
    }
}
