package dev.bri.offsite;

import dev.bri.encryption.AgeRecipients;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The upload benchmark of bench/offsite/run.sh (not a test): in one run, against one local S3Proxy process, with one
 * client, alternating rounds of
 * <ul>
 * <li><b>replicator</b>: the real {@link Replicator} uploading a backup (its file and metadata) as the service does:
 * age encryption, SHA-256 of the plaintext, multipart with a SHA-256 per part, HEAD check afterwards;
 * <li><b>plain</b>: the same bytes through the same {@link ObjectStore} and part size, without encryption or checks;
 * </ul>
 * and, without the network, age encryption of the same bytes into a discarding channel vs copying them (none), and
 * their SHA-256 (the hash the replicator computes while it encrypts), each on one thread.
 * Prints one JSON line. Usage: {@code OffsiteBench BACKUP_DIR BACKUP_ID ROUNDS AGE_RECIPIENT}.
 */
public final class OffsiteBench {

    private OffsiteBench() {
    }

    public static void main(String[] args) throws Exception {
        Path backups = Path.of(args[0]);
        String id = args[1];
        int rounds = Integer.parseInt(args[2]);
        AgeRecipients recipients = AgeRecipients.parse(List.of(args[3]));
        Path data = Files.exists(backups.resolve(id + ".db.gz"))
                ? backups.resolve(id + ".db.gz")
                : backups.resolve(id + ".db");
        Path meta = backups.resolve(id + ".json");
        long bytes = Files.size(data) + Files.size(meta);
        Path scratch = Files.createTempDirectory(backups.getParent(), "offsite-bench");
        List<Double> replicator = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        List<Double> age = new ArrayList<>();
        List<Double> none = new ArrayList<>();
        List<Double> sha = new ArrayList<>();
        try (S3Server server = S3Server.s3proxy(scratch.resolve("s3"), "bench")) {
            for (int round = 0; round < rounds + 1; round++) {
                boolean warmup = round == 0;
                // replicator: a fresh directory (hard links) so that its state knows nothing, a fresh prefix
                Path dir = Files.createDirectories(scratch.resolve("volume-" + round));
                Files.createLink(dir.resolve(data.getFileName()), data);
                Files.createLink(dir.resolve(meta.getFileName()), meta);
                try (ObjectStore store = new ObjectStore(server.settings("bench", "replicator-" + round))) {
                    Replicator r = new Replicator(dir, store, recipients, new Replicator.Listener() {
                        @Override
                        public void uploaded(String relative, long plaintextBytes, long storedBytes, int parts) {
                        }

                        @Override
                        public void failed(String relative, Exception error) {
                        }
                    }, Clock.systemUTC());
                    long start = System.nanoTime();
                    Replicator.Pass pass = r.run(Replicator.Attempt::run);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (pass.uploaded() != 2 || !pass.inSync()) {
                        throw new IllegalStateException("replicator pass: " + pass);
                    }
                    if (!warmup) {
                        replicator.add(bytes / seconds / 1e6);
                    }
                }
                try (ObjectStore store = new ObjectStore(server.settings("bench", "plain-" + round))) {
                    long start = System.nanoTime();
                    for (Path f : List.of(data, meta)) {
                        PartUpload upload = store.upload(f.getFileName().toString(), Map.of());
                        try {
                            copy(f, upload);
                            upload.finish();
                        } finally {
                            upload.abortUnlessFinished();
                        }
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (!warmup) {
                        plain.add(bytes / seconds / 1e6);
                    }
                }
                long start = System.nanoTime();
                try (WritableByteChannel sink = recipients.encrypting(new Discard())) {
                    copy(data, sink);
                }
                double ageSeconds = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                copy(data, new Discard());
                double noneSeconds = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                Replicator.sha256(data);
                double shaSeconds = (System.nanoTime() - start) / 1e9;
                if (!warmup) {
                    age.add(Files.size(data) / ageSeconds / 1e6);
                    none.add(Files.size(data) / noneSeconds / 1e6);
                    sha.add(Files.size(data) / shaSeconds / 1e6);
                }
            }
        } finally {
            RemoteBackups.deleteTree(scratch);
        }
        System.out.printf("{\"java\": \"%s\", \"snapshot_bytes\": %d, \"rounds\": %d, \"replicator_mb_s\": %.1f, "
                + "\"plain_mb_s\": %.1f, \"replicator_vs_plain\": %.2f, \"age_encrypt_mb_s\": %.1f, "
                + "\"no_encryption_mb_s\": %.1f, \"sha256_mb_s\": %.1f, \"replicator_rounds_mb_s\": %s, "
                + "\"plain_rounds_mb_s\": %s}%n", System.getProperty("java.runtime.version"), bytes, rounds,
                median(replicator), median(plain), median(replicator) / median(plain), median(age), median(none),
                median(sha), rounded(replicator), rounded(plain));
    }

    private static void copy(Path file, WritableByteChannel out) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String rounded(List<Double> values) {
        return values.stream().map(v -> String.format("%.1f", v)).toList().toString();
    }

    /** A channel that consumes everything (the encryption cost without any I/O). */
    private static final class Discard implements WritableByteChannel {
        private boolean open = true;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
