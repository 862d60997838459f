package dev.bri.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The bucket, seen through the AWS SDK: the one implementation used by the service's replicator and by the CLI's
 * remote commands. Keys are relative to the configured prefix. Checksums: every request body carries its SHA-256,
 * which the server checks before storing; the SDK's own default CRC32 is turned off ({@code WHEN_REQUIRED}) because
 * several S3-compatible servers reject it.
 */
public final class ObjectStore implements AutoCloseable {

    /** What a listing shows of an object. */
    public record RemoteObject(String key, long size, Instant lastModified) {
    }

    /** What a HEAD shows: size, user metadata ({@code x-amz-meta-*}) and the stored SHA-256 when the server keeps it. */
    public record Head(String key, long size, Map<String, String> metadata, String checksumSha256) {
    }

    /**
     * Parts of one upload sent at the same time. Two keep the link busy while the writer encrypts the next part (the
     * writer is then the only sequential step) and bound an upload's memory to three parts.
     */
    static final int PARALLEL_PARTS = 2;

    private final S3Settings settings;
    private final S3Client s3;
    private final ThreadPoolExecutor partThreads;

    public ObjectStore(S3Settings settings) {
        this.settings = settings;
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(java.time.Duration.ofSeconds(10))
                        .socketTimeout(settings.requestTimeout()))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyleAccess())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(settings.credentials() != null
                        ? settings.credentials()
                        : DefaultCredentialsProvider.builder().build())
                // one retry inside the SDK for a dropped connection; backoff and the breaker are the caller's
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(2))
                        .apiCallAttemptTimeout(settings.requestTimeout()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.s3 = builder.build();
        AtomicInteger threads = new AtomicInteger();
        this.partThreads = new ThreadPoolExecutor(PARALLEL_PARTS, PARALLEL_PARTS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "bri-offsite-part-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.partThreads.allowCoreThreadTimeOut(true);
    }

    /** Where {@link PartUpload} hashes and sends its parts (idle threads end after 30 s). */
    ExecutorService partExecutor() {
        return partThreads;
    }

    public S3Settings settings() {
        return settings;
    }

    /** Full key of a path relative to the prefix. */
    public String key(String relative) {
        return settings.prefix().isEmpty() ? relative : settings.prefix() + "/" + relative;
    }

    private String relative(String key) {
        return settings.prefix().isEmpty() ? key : key.substring(settings.prefix().length() + 1);
    }

    /** Fails with a clear message when the bucket is missing or the credentials are refused. */
    public void checkBucket() throws OffsiteException {
        try {
            s3.headBucket(b -> b.bucket(settings.bucket()));
        } catch (S3Exception e) {
            throw OffsiteException.of("bucket " + settings.bucket(), e);
        } catch (SdkException e) {
            throw new OffsiteException("bucket " + settings.bucket() + " unreachable: " + e.getMessage(), e);
        }
    }

    /** Starts an upload of {@code relative}; what is written into it is sent in parts as it fills. */
    public PartUpload upload(String relative, Map<String, String> metadata) {
        return new PartUpload(this, key(relative), metadata);
    }

    void putObject(String key, byte[] body, String sha256Base64, Map<String, String> metadata) {
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(settings.bucket()).key(key)
                .metadata(metadata).checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(sha256Base64)
                .contentType("application/octet-stream");
        s3.putObject(put.build(), RequestBody.fromBytes(body));
        lock(key);
    }

    String createMultipart(String key, Map<String, String> metadata) {
        return s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(settings.bucket()).key(key)
                .metadata(metadata).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .contentType("application/octet-stream").build()).uploadId();
    }

    CompletedPart uploadPart(String key, String uploadId, int number, byte[] body, int length, String sha256Base64) {
        UploadPartRequest req = UploadPartRequest.builder().bucket(settings.bucket()).key(key).uploadId(uploadId)
                .partNumber(number).contentLength((long) length).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumSHA256(sha256Base64).build();
        String etag = s3.uploadPart(req, RequestBody.fromInputStream(new java.io.ByteArrayInputStream(body, 0,
                length), length)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).checksumSHA256(sha256Base64).build();
    }

    void completeMultipart(String key, String uploadId, List<CompletedPart> parts) {
        s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(settings.bucket()).key(key)
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts)).build());
        lock(key);
    }

    /**
     * Sets the configured Object Lock retention on a stored object (PutObjectRetention, the same call for single
     * and multipart objects; needs {@code s3:PutObjectRetention}).
     */
    private void lock(String key) {
        if (settings.objectLockMode() != null) {
            s3.putObjectRetention(r -> r.bucket(settings.bucket()).key(key).retention(l -> l
                    .mode(ObjectLockRetentionMode.fromValue(settings.objectLockMode()))
                    .retainUntilDate(retainUntil())));
        }
    }

    void abortMultipart(String key, String uploadId) {
        s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(settings.bucket()).key(key)
                .uploadId(uploadId).build());
    }

    private Instant retainUntil() {
        return Instant.now().plus(settings.objectLockDays(), ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Every object under {@code relativePrefix}, keys relative to the configured prefix. */
    public List<RemoteObject> list(String relativePrefix) throws OffsiteException {
        List<RemoteObject> out = new ArrayList<>();
        try {
            ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(settings.bucket())
                    .prefix(key(relativePrefix)).build();
            for (S3Object o : s3.listObjectsV2Paginator(req).contents()) {
                out.add(new RemoteObject(relative(o.key()), o.size(), o.lastModified()));
            }
            return out;
        } catch (S3Exception e) {
            throw OffsiteException.of("listing " + settings.describe(), e);
        } catch (SdkException e) {
            throw new OffsiteException("listing " + settings.describe() + " failed: " + e.getMessage(), e);
        }
    }

    public Optional<Head> head(String relative) throws OffsiteException {
        try {
            HeadObjectResponse r = s3.headObject(h -> h.bucket(settings.bucket()).key(key(relative))
                    .checksumMode(ChecksumMode.ENABLED));
            return Optional.of(new Head(relative, r.contentLength(), r.metadata(), r.checksumSHA256()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw OffsiteException.of("HEAD " + relative, e);
        } catch (SdkException e) {
            throw new OffsiteException("HEAD " + relative + " failed: " + e.getMessage(), e);
        }
    }

    /** The object's bytes as stored (ciphertext); the caller closes the stream. */
    public InputStream open(String relative) throws OffsiteException {
        try {
            return s3.getObject(g -> g.bucket(settings.bucket()).key(key(relative)));
        } catch (NoSuchKeyException e) {
            throw new OffsiteException("object " + relative + " is not in " + settings.describe(), e);
        } catch (S3Exception e) {
            throw OffsiteException.of("GET " + relative, e);
        } catch (SdkException e) {
            throw new OffsiteException("GET " + relative + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Until when the object's Object Lock retention forbids deleting it; empty when it has none (or the service sets
     * none: without {@code bri.backup.s3.object-lock.mode} nothing is asked). Retention deletes nothing locked: in a
     * versioned, locked bucket a delete would only hide the object behind a delete marker.
     */
    public Optional<Instant> lockedUntil(String relative) throws OffsiteException {
        if (settings.objectLockMode() == null) {
            return Optional.empty();
        }
        try {
            var retention = s3.getObjectRetention(r -> r.bucket(settings.bucket()).key(key(relative))).retention();
            return Optional.ofNullable(retention == null ? null : retention.retainUntilDate());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw OffsiteException.of("GET retention of " + relative, e);
        } catch (SdkException e) {
            throw new OffsiteException("GET retention of " + relative + " failed: " + e.getMessage(), e);
        }
    }

    public void delete(String relative) throws OffsiteException {
        try {
            s3.deleteObject(d -> d.bucket(settings.bucket()).key(key(relative)));
        } catch (S3Exception e) {
            throw OffsiteException.of("DELETE " + relative, e);
        } catch (SdkException e) {
            throw new OffsiteException("DELETE " + relative + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        partThreads.shutdownNow();
        s3.close();
    }

    static IOException io(String what, RuntimeException e) {
        if (e instanceof S3Exception s) {
            return OffsiteException.of(what, s);
        }
        return new OffsiteException(what + " failed: " + e.getMessage(), e);
    }
}
