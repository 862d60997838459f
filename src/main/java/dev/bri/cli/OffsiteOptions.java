package dev.bri.cli;

import dev.bri.encryption.AgeIdentity;
import dev.bri.offsite.ObjectStore;
import dev.bri.offsite.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The bucket and the identity of the {@code --remote} / {@code --from-s3} commands. What an option does not say comes
 * from the service's configuration ({@link CliConfig}: {@code bri.backup.s3.*}, {@code bri.backup.encryption.*}, with
 * their environment variables and defaults); credentials only from the standard AWS chain (never an option: a command
 * line is visible to every user).
 */
public final class OffsiteOptions {

    @Option(names = "--s3-endpoint", description = "S3 endpoint (default: bri.backup.s3.endpoint, env BRI_BACKUP_S3_ENDPOINT)")
    URI endpoint;

    @Option(names = "--s3-bucket", description = "Bucket (default: bri.backup.s3.bucket, env BRI_BACKUP_S3_BUCKET)")
    String bucket;

    @Option(names = "--s3-prefix", description = "Key prefix (default: bri.backup.s3.prefix, env BRI_BACKUP_S3_PREFIX)")
    String prefix;

    @Option(names = "--identity-file", description = "age identity file (default: bri.backup.encryption.identity-file, env "
            + "BRI_BACKUP_ENCRYPTION_IDENTITY_FILE)")
    Path identityFile;

    ObjectStore store() {
        return new ObjectStore(settings());
    }

    /** The service's configuration with these options in it. */
    CliConfig config() {
        Map<String, String> options = new HashMap<>();
        if (endpoint != null) {
            options.put("bri.backup.s3.endpoint", endpoint.toString());
        }
        if (bucket != null) {
            options.put("bri.backup.s3.bucket", bucket);
        }
        if (prefix != null) {
            options.put("bri.backup.s3.prefix", prefix);
        }
        if (identityFile != null) {
            options.put("bri.backup.encryption.identity-file", identityFile.toString());
        }
        return CliConfig.load(options);
    }

    S3Settings settings() {
        return S3Settings.from(config().s3());
    }

    /** Read before anything else is done: a missing or unreadable identity stops the command with nothing changed. */
    AgeIdentity identity() throws AgeIdentity.IdentityException {
        return AgeIdentity.read(config().encryption().identityFile().orElse(null));
    }
}
