package dev.bri.backup;

import dev.bri.encryption.AgeIdentity;
import dev.bri.encryption.AgeRecipients;
import dev.bri.encryption.EncryptionConfig;
import dev.bri.io.DurableFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;

/**
 * Encryption of the snapshots on the local backup volume ({@code bri.backup.encryption.local}): a snapshot is written
 * age-encrypted to the recipients (the file keeps its name; its metadata says {@code encryption}), so the service can
 * write its backups but cannot read them back. Restores and full verification read the identity file; without it
 * they stop before anything is changed. The archive chains (base snapshots and WAL segments) are not encrypted here.
 *
 * @param recipients   null: snapshots are written in plaintext
 * @param identityFile the private key for reading encrypted snapshots; null when none is configured
 */
public record LocalEncryption(AgeRecipients recipients, Path identityFile) {

    public static final LocalEncryption OFF = new LocalEncryption(null, null);

    /** The format named in the metadata of an encrypted snapshot. */
    public static final String FORMAT = "age-x25519";

    public boolean encrypts() {
        return recipients != null;
    }

    /** The identity for reading encrypted snapshots; a clear refusal when it is missing or unreadable. */
    public AgeIdentity identity(BackupId id) throws AgeIdentity.IdentityException {
        return identity("backup " + id + " is encrypted on the backup volume");
    }

    /** As above; {@code why} says what needs it. */
    public AgeIdentity identity(String why) throws AgeIdentity.IdentityException {
        if (identityFile == null) {
            throw new AgeIdentity.IdentityException(why + ": reading it needs the age identity "
                    + "(bri.backup.encryption.identity-file, env BRI_BACKUP_ENCRYPTION_IDENTITY_FILE, or "
                    + "--identity-file)");
        }
        return AgeIdentity.read(identityFile);
    }

    /**
     * Encrypts {@code plaintext} into {@code target} (created, fsynced) and returns what is stored: the ciphertext's
     * SHA-256, hashed as it is written, and its size.
     */
    BackupMetadata.Encrypted seal(Path plaintext, Path target) throws IOException {
        MessageDigest digest = FileOps.sha256();
        try (FileChannel in = FileChannel.open(plaintext, StandardOpenOption.READ);
                OutputStream file = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW);
                OutputStream hashed = new DigestOutputStream(new BufferedOutputStream(file, FileOps.BUFFER), digest);
                WritableByteChannel out = recipients.encrypting(Channels.newChannel(hashed))) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
        }
        DurableFiles.fsync(target);
        return new BackupMetadata.Encrypted(FORMAT, FileOps.hex(digest), Files.size(target));
    }

    /**
     * The plaintext of an encrypted backup file read from {@code ciphertext}. A wrong identity fails here with
     * {@link AgeIdentity.IdentityException}; a modified file fails while reading (age authenticates every 64 KiB).
     */
    static InputStream decrypting(InputStream ciphertext, AgeIdentity identity, String name) throws IOException {
        return Channels.newInputStream(identity.decrypting(Channels.newChannel(ciphertext), name));
    }

    /** The setting of the service and the CLI; encryption without recipients stops the start-up (or the command). */
    public static LocalEncryption of(EncryptionConfig config) {
        return of(config.local(), config.recipients().orElse(List.of()), config.identityFile().orElse(null));
    }

    /** With another identity file (the CLI's {@code --identity-file}); null keeps the configured one. */
    public LocalEncryption withIdentityFile(Path file) {
        return file == null ? this : new LocalEncryption(recipients, file);
    }

    static LocalEncryption of(boolean local, List<String> recipients, Path identityFile) {
        if (!local) {
            return new LocalEncryption(null, identityFile);
        }
        if (recipients.stream().allMatch(String::isBlank)) {
            throw new IllegalArgumentException("bri.backup.encryption.local=true needs "
                    + "bri.backup.encryption.recipients (BRI_BACKUP_ENCRYPTION_RECIPIENTS)");
        }
        return new LocalEncryption(AgeRecipients.parse(recipients), identityFile);
    }
}
