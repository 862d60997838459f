package dev.bri.offsite;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real S3Proxy process and an age key pair for {@link OffsiteReplicationTest}'s service. The service gets only the
 * recipient; the credentials go through the AWS SDK's standard chain (system properties, the first link, because the
 * test JVM's environment cannot be changed).
 */
public class OffsiteServerResource implements QuarkusTestResourceLifecycleManager {

    static final String BUCKET = "offsite-service";
    static S3Server server;
    static Keys keys;
    static Path backupDir;
    private Path root;

    @Override
    public Map<String, String> start() {
        try {
            root = Files.createTempDirectory("offsite-service");
            server = S3Server.s3proxy(root.resolve("s3"), BUCKET);
            keys = Keys.generate(root);
            backupDir = Files.createDirectories(root.resolve("backups"));
            System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
            return Map.ofEntries(
                    Map.entry("bri.backup.s3.endpoint", server.endpoint().toString()),
                    Map.entry("bri.backup.s3.bucket", BUCKET),
                    Map.entry("bri.backup.s3.prefix", "svc"),
                    Map.entry("bri.backup.s3.path-style-access", "true"),
                    // the test runs the passes itself
                    Map.entry("bri.backup.s3.interval", "1h"),
                    Map.entry("bri.backup.s3.request-timeout", "3s"),
                    Map.entry("bri.backup.encryption.recipients", keys.recipient()),
                    Map.entry("bri.backup.dir", backupDir.toString()),
                    Map.entry("bri.backup.s3.upload.retries", "1"),
                    Map.entry("bri.backup.s3.upload.retry-delay", "10ms"),
                    Map.entry("bri.backup.s3.upload.breaker-delay", "1500ms"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            if (root != null) {
                RemoteBackups.deleteTree(root); // the bucket's files, the key pair, the backup directory
            }
        }
    }
}
