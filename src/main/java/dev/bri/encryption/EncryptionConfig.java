package dev.bri.encryption;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * age encryption of the offsite copy and, optionally, of the snapshots on the local backup volume
 * ({@code bri.backup.encryption.*}). The service holds only recipients (public keys); the identity (private key) is
 * read by restores and verification, never by the running service's writes.
 */
@ConfigMapping(prefix = "bri.backup.encryption")
public interface EncryptionConfig {

    /** age X25519 recipients ({@code age1...}), comma-separated; every object is readable by each of them. */
    Optional<List<String>> recipients();

    /** File holding an age identity ({@code AGE-SECRET-KEY-1...}); used only by restores and remote verification. */
    Optional<Path> identityFile();

    /**
     * Snapshots on the local backup volume are written age-encrypted to the recipients too (the WAL archive is not:
     * see docs/SECURITY.md). Restoring or fully verifying them then needs {@link #identityFile()}.
     */
    @io.smallrye.config.WithDefault("false")
    boolean local();
}
