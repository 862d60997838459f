package dev.bri.offsite;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The offsite copy in S3-compatible object storage ({@code bri.backup.s3.*}). Replication is on when a bucket is
 * set. Credentials are not settings: they come from the standard AWS chain ({@code AWS_ACCESS_KEY_ID} /
 * {@code AWS_SECRET_ACCESS_KEY}, in Kubernetes from a Secret), so they never appear in a config map.
 */
@ConfigMapping(prefix = "bri.backup.s3")
public interface S3Config {

    /** Endpoint of an S3-compatible server, e.g. https://s3.eu-central-1.amazonaws.com or http://minio:9000. */
    Optional<URI> endpoint();

    /** Bucket that receives the copies; unset turns offsite replication off. */
    Optional<String> bucket();

    /** Key prefix inside the bucket, so that several installations can share one bucket. */
    @WithDefault("bri-context")
    String prefix();

    @WithDefault("us-east-1")
    String region();

    /** Path-style URLs (http://host/bucket/key), needed by most self-hosted servers. */
    @WithDefault("false")
    boolean pathStyleAccess();

    /** Leave deletion to the bucket's own lifecycle rules: the service never deletes an object. */
    @WithDefault("false")
    boolean skipRemoteDeletion();

    /** How often the backup directory is compared with the bucket. */
    @WithDefault("30s")
    Duration interval();

    /** Objects larger than one part are sent as multipart uploads of this size (S3's minimum is 5 MiB). */
    @WithDefault("8388608")
    int partSizeBytes();

    /** One request's limit: a server that stops answering fails the attempt instead of hanging the replicator. */
    @WithDefault("60s")
    Duration requestTimeout();

    /** Health turns degraded when a sealed local file has waited longer than this for its upload. */
    @WithDefault("15m")
    Duration maxLag();

    /** The {@code offsite} guard around each upload ({@link UploadGuard}). */
    Upload upload();

    interface Upload {
        /** Retries of a failed upload attempt, with exponential backoff and jitter of half the delay. */
        @WithDefault("3")
        int retries();

        /** The first retry's delay; each further retry waits twice as long, up to {@link #retryMaxDelay()}. */
        @WithDefault("1s")
        Duration retryDelay();

        @WithDefault("30s")
        Duration retryMaxDelay();

        /** Consecutive failed attempts that open the {@code offsite} breaker. */
        @WithDefault("4")
        int breakerFailures();

        /** How long the {@code offsite} breaker stays open: the object store is left alone meanwhile. */
        @WithDefault("60s")
        Duration breakerDelay();
    }

    /** Object Lock retention set on every upload (needs a bucket created with Object Lock). */
    ObjectLock objectLock();

    interface ObjectLock {
        /** {@code GOVERNANCE} or {@code COMPLIANCE}; unset sets no retention. */
        Optional<String> mode();

        /** Days each object stays locked after its upload. */
        @WithDefault("30")
        int retainDays();
    }
}
