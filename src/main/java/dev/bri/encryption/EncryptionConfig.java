package dev.bri.offsite;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * age encryption of the offsite copy ({@code bri.backup.encryption.*}). The service holds only recipients (public
 * keys); the identity (private key) is read by restores and remote verification, never by the running service.
 */
@ConfigMapping(prefix = "bri.backup.encryption")
public interface EncryptionConfig {

    /** age X25519 recipients ({@code age1...}), comma-separated; every object is readable by each of them. */
    Optional<List<String>> recipients();

    /** File holding an age identity ({@code AGE-SECRET-KEY-1...}); used only by restores and remote verification. */
    @io.smallrye.config.WithName("identity-file")
    Optional<Path> identityFile();
}
