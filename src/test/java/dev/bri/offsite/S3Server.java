package dev.bri.offsite;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server as a separate process on a free port, for the offsite tests: S3Proxy (filesystem
 * backend: objects are plain files under {@link #objects()}, so a test can tamper with one) or Adobe S3Mock (keeps and
 * returns SHA-256 checksums). The jars are copied into target/s3-servers by the build (maven-dependency-plugin).
 * Faults are real: {@link #kill()} is SIGKILL, {@link #pause()} is SIGSTOP (the port stays open and nothing answers,
 * like a server that hangs), {@link #start()} starts it again on the same port with the same data.
 */
final class S3Server implements AutoCloseable {

    static final String ACCESS_KEY = "offsite-test-access";
    static final String SECRET_KEY = "offsite-test-secret";
    private static final Path JARS = Path.of("target/s3-servers").toAbsolutePath();

    enum Kind {
        S3PROXY, S3MOCK
    }

    private final Kind kind;
    private final Path dir;
    private final int port;
    private final List<String> initialBuckets;
    private Process process;
    private int starts;

    private S3Server(Kind kind, Path dir, List<String> initialBuckets) {
        this.kind = kind;
        this.dir = dir;
        this.port = freePort();
        this.initialBuckets = initialBuckets;
    }

    /** S3Proxy with the given buckets created (as directories of its filesystem backend). */
    static S3Server s3proxy(Path dir, String... buckets) throws IOException {
        return new S3Server(Kind.S3PROXY, dir, List.of(buckets)).start();
    }

    static S3Server s3mock(Path dir, String... buckets) throws IOException {
        return new S3Server(Kind.S3MOCK, dir, List.of(buckets)).start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Where S3Proxy keeps the objects: {@code objects()/<bucket>/<key>}. */
    Path objects() {
        return dir.resolve("objects");
    }

    S3Settings settings(String bucket, String prefix) {
        return settings(bucket, prefix, ACCESS_KEY, SECRET_KEY);
    }

    S3Settings settings(String bucket, String prefix, String accessKey, String secretKey) {
        return new S3Settings(endpoint(), bucket, prefix, "us-east-1", true, S3Settings.MIN_PART_SIZE,
                Duration.ofSeconds(20), null, 30,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
    }

    S3Server start() throws IOException {
        Files.createDirectories(objects());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar"));
        if (kind == Kind.S3PROXY) {
            Path properties = dir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=" + endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + objects()) + "\n");
            command.addAll(List.of(JARS.resolve("s3proxy-jar-with-dependencies.jar").toString(), "--properties",
                    properties.toString()));
        } else {
            // S3Mock accepts any credentials; its side ports are moved off their fixed defaults
            command.addAll(List.of(JARS.resolve("s3mock-exec.jar").toString(), "--http.port=" + port,
                    "--server.port=" + freePort(), "--vectors.http.port=" + freePort(),
                    "--vectors.https.port=" + freePort(),
                    "--com.adobe.testing.s3mock.store.root=" + objects(),
                    "--com.adobe.testing.s3mock.store.retain-files-on-exit=true"));
        }
        Path log = dir.resolve(kind.name().toLowerCase() + "-" + (++starts) + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process p = process;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException(kind + " exited: " + Files.readString(log));
            }
            return listening() && (kind == Kind.S3PROXY || Files.readString(log).contains("Started S3Mock"));
        });
        if (starts == 1) {
            for (String bucket : initialBuckets) {
                createBucket(bucket, false);
            }
        }
        return this;
    }

    void createBucket(String bucket, boolean objectLock) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(objectLock));
            if (objectLock) {
                s3.putObjectLockConfiguration(c -> c.bucket(bucket).objectLockConfiguration(o -> o
                        .objectLockEnabled(software.amazon.awssdk.services.s3.model.ObjectLockEnabled.ENABLED)));
            }
        }
    }

    /** A plain SDK client with the server's credentials, for what the tests do behind the service's back. */
    S3Client client() {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .build();
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: in-flight requests are cut, nothing is flushed. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGSTOP: connections are accepted by the kernel but never answered. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            resume();
            kill();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
