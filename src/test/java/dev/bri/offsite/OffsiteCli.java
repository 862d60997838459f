package dev.bri.offsite;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI in its own process, as an operator runs it against a bucket: credentials from the standard AWS variables,
 * path-style access from {@code BRI_BACKUP_S3_PATH_STYLE_ACCESS}, the bucket from the {@code --s3-*} options.
 */
final class OffsiteCli {

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final URI endpoint;
    private final String bucket;
    private final String prefix;
    private final Path logs;

    OffsiteCli(URI endpoint, String bucket, String prefix, Path logs) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.prefix = prefix;
        this.logs = logs;
    }

    Run run(Path data, Path backups, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "dev.bri.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", data.toString(), "--backup-dir", backups.toString(), "--s3-endpoint",
                endpoint.toString(), "--s3-bucket", bucket, "--s3-prefix", prefix));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        pb.environment().put("BRI_BACKUP_S3_PATH_STYLE_ACCESS", "true");
        Files.createDirectories(logs);
        Path out = Files.createTempFile(logs, "cli", ".out");
        Path err = Files.createTempFile(logs, "cli", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        return new Run(code, Files.readString(out), Files.readString(err));
    }
}
