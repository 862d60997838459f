package dev.bri.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger file on a real disk: records survive, a torn tail is cut off, damage in the middle is refused. */
class ErasureLedgerTest {

    @TempDir
    Path dir;

    private ErasureLedger threeRecords() throws Exception {
        ErasureLedger ledger = new ErasureLedger(dir.resolve("ledger"));
        ledger.append("2026-12-01T10:00:00.000Z", LedgerEntry.VIDEO, "vid-1", null, "req-1", "api");
        ledger.append("2026-12-01T10:00:01.000Z", LedgerEntry.VIDEO, "vid-2", null, "req-2", "api");
        ledger.append("2026-12-01T10:00:02.000Z", LedgerEntry.MEMORY_BEFORE, null, "2026-11-01T00:00:00.000Z",
                "run-3", "retention");
        return ledger;
    }

    @Test
    void recordsReadBackInOrderFromAFreshReaderAndCarryNoContent() throws Exception {
        threeRecords();
        ErasureLedger reader = new ErasureLedger(dir.resolve("ledger"));
        ErasureLedger.Contents contents = reader.read();
        assertThat(contents.repairedBytes()).isZero();
        assertThat(contents.entries()).extracting(LedgerEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(contents.entries().get(1)).isEqualTo(new LedgerEntry(2, "2026-12-01T10:00:01.000Z",
                LedgerEntry.VIDEO, "vid-2", null, null, "req-2", "api"));
        assertThat(contents.entries().get(2).before()).isEqualTo("2026-11-01T00:00:00.000Z");
        // a new reader continues the sequence
        assertThat(reader.append("2026-12-01T10:00:03.000Z", LedgerEntry.VIDEO, "vid-4", null, null, "api").seq())
                .isEqualTo(4);
        assertThat(Files.readAllLines(reader.file())).hasSize(4)
                .allSatisfy(line -> assertThat(line).matches("[0-9a-f]{8} \\{.*}"));
    }

    @Test
    void aTornLastRecordIsCutOffAndTheNextAppendFollowsTheLastGoodOne() throws Exception {
        ErasureLedger ledger = threeRecords();
        long good = Files.size(ledger.file());
        Files.writeString(ledger.file(), "1234abcd {\"seq\":4,\"at\":\"2026", StandardOpenOption.APPEND);
        ErasureLedger reader = new ErasureLedger(dir.resolve("ledger"));
        ErasureLedger.Contents contents = reader.read();
        assertThat(contents.entries()).hasSize(3);
        assertThat(contents.repairedBytes()).isPositive();
        assertThat(Files.size(ledger.file())).isEqualTo(good);
        assertThat(reader.append("2026-12-01T10:00:03.000Z", LedgerEntry.VIDEO, "vid-4", null, null, "api").seq())
                .isEqualTo(4);
        assertThat(new ErasureLedger(dir.resolve("ledger")).read().entries()).hasSize(4);
    }

    @Test
    void aCompleteLastRecordWithAWrongChecksumIsCutOffToo() throws Exception {
        ErasureLedger ledger = threeRecords();
        flipByteOfLine(ledger.file(), 2);
        ErasureLedger.Contents contents = new ErasureLedger(dir.resolve("ledger")).read();
        assertThat(contents.entries()).extracting(LedgerEntry::videoId).containsExactly("vid-1", "vid-2");
        assertThat(contents.repairedBytes()).isPositive();
    }

    @Test
    void aDamagedRecordWithGoodOnesAfterItIsRefusedAndLeftAsItIs() throws Exception {
        ErasureLedger ledger = threeRecords();
        flipByteOfLine(ledger.file(), 1);
        byte[] before = Files.readAllBytes(ledger.file());
        assertThatThrownBy(() -> new ErasureLedger(dir.resolve("ledger")).read())
                .isInstanceOf(LedgerDamagedException.class)
                .hasMessageContaining("damaged at record 2").hasMessageContaining("record 3")
                .hasMessageContaining(ledger.file().toString());
        assertThat(Files.readAllBytes(ledger.file())).isEqualTo(before);
    }

    @Test
    void noLedgerYetIsAnEmptyOne() throws Exception {
        assertThat(new ErasureLedger(dir.resolve("none")).read().entries()).isEmpty();
    }

    /** Changes one character inside the JSON of line {@code index} (0-based), keeping the line's length. */
    private static void flipByteOfLine(Path file, int index) throws Exception {
        String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
        lines[index] = lines[index].replace("vid-", "vid_").replace("memory_before", "memory-before");
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
    }
}
