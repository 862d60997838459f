package dev.bri.cli;

import dev.bri.encryption.AgeIdentity;
import dev.bri.offsite.ObjectStore;
import dev.bri.offsite.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The bucket and the identity of the {@code --remote} / {@code --from-s3} commands. Defaults come from the same
 * environment variables as the service ({@code BRI_BACKUP_S3_*}, {@code BRI_BACKUP_ENCRYPTION_IDENTITY_FILE});
 * credentials only from the standard AWS chain (never an option: a command line is visible to every user).
 */
public final class OffsiteOptions {

    @Option(names = "--s3-endpoint", description = "S3 endpoint (default: env BRI_BACKUP_S3_ENDPOINT)")
    URI endpoint;

    @Option(names = "--s3-bucket", description = "Bucket (default: env BRI_BACKUP_S3_BUCKET)")
    String bucket;

    @Option(names = "--s3-prefix", description = "Key prefix (default: env BRI_BACKUP_S3_PREFIX or bri-context)")
    String prefix;

    @Option(names = "--identity-file", description = "age identity file (default: env BRI_BACKUP_ENCRYPTION_IDENTITY_FILE)")
    Path identityFile;

    ObjectStore store() {
        return new ObjectStore(settings());
    }

    S3Settings settings() {
        return S3Settings.fromEnvironment(name -> switch (name) {
            case "BRI_BACKUP_S3_ENDPOINT" -> endpoint != null ? endpoint.toString() : System.getenv(name);
            case "BRI_BACKUP_S3_BUCKET" -> bucket != null ? bucket : System.getenv(name);
            case "BRI_BACKUP_S3_PREFIX" -> prefix != null ? prefix : System.getenv(name);
            default -> System.getenv(name);
        });
    }

    /** Read before anything else is done: a missing or unreadable identity stops the command with nothing changed. */
    AgeIdentity identity() throws AgeIdentity.IdentityException {
        if (identityFile != null) {
            return AgeIdentity.read(identityFile);
        }
        String env = System.getenv("BRI_BACKUP_ENCRYPTION_IDENTITY_FILE");
        return AgeIdentity.read(env == null || env.isBlank() ? null : Path.of(env));
    }
}
