package dev.bri.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The erasure ledger: an append-only file of erasures kept outside the database file a restore replaces (by default
 * {@code <backup-dir>/ledger/erasures.log}, so it travels with the backups). One record a line:
 * {@code <crc32 of the JSON, 8 hex digits> <JSON>}; each append is written and forced to disk before the erasure
 * commits. A torn last record (a crash during an append) is cut off when the ledger is read; a bad record followed by
 * good ones is damage the ledger cannot explain, and {@link #read()} refuses it. Shared by the service and the
 * offline CLI; no CDI.
 */
public final class ErasureLedger {

    public static final String FILE_NAME = "erasures.log";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What reading found: the good records, and how many bytes of a torn tail were cut off (0: none). */
    public record Contents(List<LedgerEntry> entries, long repairedBytes) {
        public long lastSeq() {
            return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        }
    }

    private final Path file;
    private long lastSeq = -1;

    public ErasureLedger(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /**
     * Reads every record, cutting off a torn or corrupt last record (the file is truncated to its last good record).
     *
     * @throws LedgerDamagedException a record that is not the last one is damaged
     */
    public synchronized Contents read() throws IOException, LedgerDamagedException {
        if (!Files.exists(file)) {
            lastSeq = 0;
            return new Contents(List.of(), 0);
        }
        byte[] bytes = Files.readAllBytes(file);
        List<LedgerEntry> entries = new ArrayList<>();
        int start = 0;
        int line = 0;
        long goodEnd = 0;
        String firstBad = null;
        while (start < bytes.length) {
            line++;
            int end = indexOf(bytes, (byte) '\n', start);
            boolean complete = end >= 0;
            int stop = complete ? end : bytes.length;
            LedgerEntry entry = complete
                    ? parse(new String(bytes, start, stop - start, StandardCharsets.UTF_8))
                    : null;
            if (entry != null && firstBad != null) {
                throw new LedgerDamagedException("erasure ledger " + file + " is damaged at record " + firstBad
                        + " and has good records after it (record " + line + "): it cannot say which erasures "
                        + "happened; put back an undamaged copy (the offsite copy of the backup directory) before "
                        + "restoring");
            }
            if (entry == null) {
                if (firstBad == null) {
                    firstBad = String.valueOf(line);
                }
            } else {
                if (!entries.isEmpty() && entry.seq() <= entries.get(entries.size() - 1).seq()) {
                    throw new LedgerDamagedException("erasure ledger " + file + " record " + line + " has sequence "
                            + entry.seq() + " after " + entries.get(entries.size() - 1).seq());
                }
                entries.add(entry);
                goodEnd = stop + 1;
            }
            start = stop + 1;
        }
        long repaired = bytes.length - goodEnd;
        if (repaired > 0) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(goodEnd);
                channel.force(true);
            }
        }
        Contents contents = new Contents(List.copyOf(entries), repaired);
        lastSeq = contents.lastSeq();
        return contents;
    }

    /** Appends one record and forces it to disk; returns it with its sequence number. */
    public LedgerEntry append(String at, String kind, String videoId, String before, String requestId, String reason)
            throws IOException, LedgerDamagedException {
        return append(at, kind, videoId, before, null, requestId, reason);
    }

    /** Appends one record (with the newest turn a memory clear removed) and forces it to disk. */
    public synchronized LedgerEntry append(String at, String kind, String videoId, String before, Long throughTurn,
            String requestId, String reason) throws IOException, LedgerDamagedException {
        if (lastSeq < 0) {
            read();
        }
        LedgerEntry entry = new LedgerEntry(lastSeq + 1, at, kind, videoId, before, throughTurn, requestId, reason);
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer record = ByteBuffer.wrap(format(entry).getBytes(StandardCharsets.UTF_8));
            while (record.hasRemaining()) {
                channel.write(record);
            }
            channel.force(true);
        }
        lastSeq = entry.seq();
        return entry;
    }

    static String format(LedgerEntry e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("seq", e.seq());
        node.put("at", e.at());
        node.put("kind", e.kind());
        if (e.videoId() != null) {
            node.put("video_id", e.videoId());
        }
        if (e.before() != null) {
            node.put("before", e.before());
        }
        if (e.throughTurn() != null) {
            node.put("through_turn", e.throughTurn());
        }
        if (e.requestId() != null) {
            node.put("request_id", e.requestId());
        }
        node.put("reason", e.reason());
        String json = node.toString();
        return crc(json) + " " + json + "\n";
    }

    /** The record of one line, or null when the line is not a whole, intact record. */
    static LedgerEntry parse(String line) {
        if (line.length() < 10 || line.charAt(8) != ' ') {
            return null;
        }
        String json = line.substring(9);
        if (!crc(json).equals(line.substring(0, 8))) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return new LedgerEntry(node.path("seq").asLong(), node.path("at").asText(), node.path("kind").asText(),
                    text(node, "video_id"), text(node, "before"),
                    node.hasNonNull("through_turn") ? node.get("through_turn").asLong() : null,
                    text(node, "request_id"),
                    node.path("reason").asText());
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String crc(String json) {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
