package dev.bri.offsite;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where and how the offsite copy is stored: one value built from {@link S3Config}, by the service and by the CLI (which
 * reads the same mapping through SmallRye Config).
 *
 * @param credentials null: the standard AWS chain (environment, system properties, profile, web identity)
 */
public record S3Settings(URI endpoint, String bucket, String prefix, String region, boolean pathStyleAccess,
        int partSizeBytes, Duration requestTimeout, String objectLockMode, int objectLockDays,
        AwsCredentialsProvider credentials) {

    static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("no bucket: set bri.backup.s3.bucket (BRI_BACKUP_S3_BUCKET)");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        if (partSizeBytes < MIN_PART_SIZE) {
            throw new IllegalArgumentException("bri.backup.s3.part-size-bytes must be at least " + MIN_PART_SIZE);
        }
        if (objectLockMode != null) {
            objectLockMode = objectLockMode.toUpperCase(Locale.ROOT);
            if (!objectLockMode.equals("GOVERNANCE") && !objectLockMode.equals("COMPLIANCE")) {
                throw new IllegalArgumentException("bri.backup.s3.object-lock.mode must be GOVERNANCE or COMPLIANCE");
            }
        }
    }

    /** The service's settings, or empty when no bucket is configured (replication off). */
    static Optional<S3Settings> of(S3Config c) {
        if (c.bucket().isEmpty() || c.bucket().get().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(from(c));
    }

    /** The settings of a command that needs the bucket: refused when none is configured. */
    public static S3Settings from(S3Config c) {
        return new S3Settings(c.endpoint().orElse(null), c.bucket().orElse(null), c.prefix(), c.region(),
                c.pathStyleAccess(), c.partSizeBytes(), c.requestTimeout(), c.objectLock().mode().orElse(null),
                c.objectLock().retainDays(), null);
    }

    public S3Settings withCredentials(AwsCredentialsProvider provider) {
        return new S3Settings(endpoint, bucket, prefix, region, pathStyleAccess, partSizeBytes, requestTimeout,
                objectLockMode, objectLockDays, provider);
    }

    public S3Settings withRequestTimeout(Duration timeout) {
        return new S3Settings(endpoint, bucket, prefix, region, pathStyleAccess, partSizeBytes, timeout,
                objectLockMode, objectLockDays, credentials);
    }

    /** {@code s3://bucket/prefix}: how logs and messages name the target (never with credentials). */
    public String describe() {
        return "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
    }
}
