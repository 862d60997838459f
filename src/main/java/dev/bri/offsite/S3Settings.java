package dev.bri.offsite;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where and how the offsite copy is stored: one value built from {@link S3Config} by the service and from the same
 * environment variables by the CLI (which runs before Quarkus and its configuration exist).
 *
 * @param credentials null: the standard AWS chain (environment, system properties, profile, web identity)
 */
public record S3Settings(URI endpoint, String bucket, String prefix, String region, boolean pathStyleAccess,
        int partSizeBytes, Duration requestTimeout, String objectLockMode, int objectLockDays,
        AwsCredentialsProvider credentials) {

    static final String DEFAULT_PREFIX = "bri-context";
    static final String DEFAULT_REGION = "us-east-1";
    static final String DEFAULT_PART_SIZE = "8388608";
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
        return Optional.of(new S3Settings(c.endpoint().orElse(null), c.bucket().get(), c.prefix(), c.region(),
                c.pathStyleAccess(), c.partSizeBytes(), c.requestTimeout(), c.objectLock().mode().orElse(null),
                c.objectLock().retainDays(), null));
    }

    /** The CLI's settings from the same environment variables as the service ({@code BRI_BACKUP_S3_*}). */
    public static S3Settings fromEnvironment(UnaryOperator<String> env) {
        String endpoint = blankToNull(env.apply("BRI_BACKUP_S3_ENDPOINT"));
        return new S3Settings(endpoint == null ? null : URI.create(endpoint), env.apply("BRI_BACKUP_S3_BUCKET"),
                orDefault(env.apply("BRI_BACKUP_S3_PREFIX"), DEFAULT_PREFIX),
                orDefault(env.apply("BRI_BACKUP_S3_REGION"), DEFAULT_REGION),
                Boolean.parseBoolean(orDefault(env.apply("BRI_BACKUP_S3_PATH_STYLE_ACCESS"), "false")),
                Integer.parseInt(orDefault(env.apply("BRI_BACKUP_S3_PART_SIZE_BYTES"), DEFAULT_PART_SIZE)),
                Duration.ofSeconds(60), blankToNull(env.apply("BRI_BACKUP_S3_OBJECT_LOCK_MODE")),
                Integer.parseInt(orDefault(env.apply("BRI_BACKUP_S3_OBJECT_LOCK_RETAIN_DAYS"), "30")), null);
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

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String orDefault(String v, String fallback) {
        String s = blankToNull(v);
        return s == null ? fallback : s;
    }
}
