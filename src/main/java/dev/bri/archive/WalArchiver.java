package dev.bri.archive;

import dev.bri.backup.BackupEngine;
import dev.bri.backup.BackupId;
import dev.bri.backup.BackupKind;
import dev.bri.backup.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sqlite.SQLiteConfig;

/**
 * Ships every committed transaction of the live database into immutable archive segments and owns its checkpoints.
 *
 * <p>How: a connection held open for the service's lifetime (the "pin") keeps SQLite from checkpointing and deleting
 * the WAL when the pool closes its last connection; every connection runs with {@code wal_autocheckpoint=0}, so
 * nobody but this class checkpoints. After each commit (under the writer lock) the new WAL frames are read, their
 * salts and cumulative checksums checked, and whole transactions appended to the unsealed segment with their commit
 * time. Every interval, with writes paused, the rest of the WAL is read, the segment sealed (footer, SHA-256, fsync,
 * rename) and only then the WAL checkpointed: PASSIVE when enough frames piled up, TRUNCATE when the WAL passed its
 * cap, never RESTART. A WAL reset this class did not cause, a gap, an error writing the archive, or a replaced
 * database file stops the chain; the next tick starts a new one from a fresh base snapshot.
 *
 * <p>Lock order: the writer lock (held by callers of {@link #committed} and taken by {@link Writes#paused}), then
 * this object's monitor. Nothing here takes the writer lock while holding the monitor.
 */
public final class WalArchiver implements AutoCloseable {

    /** Runs work while no write can start or be in progress. */
    @FunctionalInterface
    public interface Writes {
        <T> T paused(String operation, Callable<T> work) throws Exception;
    }

    /** Observers of what the archiver does (metrics, logs). */
    public interface Events {
        default void sealed(SegmentFooter footer, long bytes) {
        }

        default void chainStarted(ChainManifest chain) {
        }

        default void stopped(String code, String reason) {
        }

        default void checkpointed(String mode, boolean complete, long walBytesBefore) {
        }
    }

    /**
     * @param archiving false: only checkpoints are run (nothing is shipped, no chain is started)
     */
    public record Options(boolean archiving, Duration heartbeat, long checkpointPages, long maxWalBytes,
            Duration chainInterval, Duration retryDelay, boolean gzip, int gzipLevel, String appVersion) {
    }

    /**
     * @param state  {@code archiving}, {@code starting} (base snapshot being taken), {@code stopped} (a new chain is
     *               needed: see reason), {@code suspended} (database file being replaced), {@code closed}
     */
    public record Status(String state, String chain, String reasonCode, String reason, Instant chainStartedAt,
            WalPosition position, long unsealedTransactions, Instant oldestUnarchivedCommit, Instant lastSeal,
            long nextSeq) {
    }

    private static final long READ_CHUNK = 64L << 20;

    private final Path dbFile;
    private final Path wal;
    private final Path shm;
    private final ArchiveStore store;
    private final Clock clock;
    private final Writes writes;
    private final Events events;
    private final Options options;
    private final BackupEngine engine = new BackupEngine();
    /** Tests: runs right after the base copy, inside the write pause (an un-gated writer committing then). */
    Runnable afterBaseCopy = () -> {
    };

    private Connection pin;
    /**
     * Set once {@link #open} has run: a scheduler tick that comes earlier (a slow start) must neither checkpoint the
     * WAL nor start a chain before the last run's chain was resumed from it.
     */
    private boolean opened;
    private boolean suspended;
    private boolean closed;
    private ChainManifest chain;
    private boolean chainCommitted;
    private SegmentFile.Writer pending;
    private WalPosition segmentStart = WalPosition.NONE;
    private WalPosition position = WalPosition.NONE;
    private long nextSeq;
    private long nextTx = 1;
    private boolean resetExpected;
    /** The WAL generation and frame count at the last complete checkpoint: SQLite restarts the WAL after it. */
    private WalPosition checkpointedGeneration = WalPosition.NONE;
    private long checkpointedFrames = -1;
    /**
     * The wal-index as it was when this archiver last knew the WAL to be logically empty (chain start, its own
     * TRUNCATE, resume): while the WAL shows no frames, SQLite's view must still be this one, or another connection
     * committed and checkpointed frames the archiver never read.
     */
    private WalIndex quietIndex;
    private String stoppedCode = "first_start";
    private String stoppedReason = "no archive chain yet";
    private Instant oldestUnarchived;
    private Instant lastSeal;
    private Instant nextStartAttempt = Instant.MIN;
    /** Commit times read back from the unsealed segment of a crashed run, by WAL position. */
    private Map<String, Instant> recoveredStamps = Map.of();
    private Instant recoveredFallback;

    public WalArchiver(Path dbFile, ArchiveStore store, Clock clock, Writes writes, Events events, Options options) {
        this.dbFile = dbFile.toAbsolutePath();
        this.wal = WalTail.walOf(this.dbFile);
        this.shm = WalIndex.shmOf(this.dbFile);
        this.store = store;
        this.clock = clock;
        this.writes = writes;
        this.events = events;
        this.options = options;
    }

    /**
     * Opens the pin and picks up where the last run stopped. Call before anything else opens the database: the first
     * connection to close otherwise checkpoints and deletes the WAL, frames not yet archived included.
     */
    public synchronized void open() throws IOException {
        Files.createDirectories(dbFile.getParent());
        opened = true;
        if (!reopenPin()) {
            return; // the database cannot be opened: storage start-up reports it; ticks try again
        }
        if (options.archiving()) {
            resume();
        } else {
            stoppedCode = "disabled";
            stoppedReason = "archiving is disabled (bri.backup.archive.enabled=false)";
        }
    }

    static Connection openPin(Path dbFile) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5000);
        Connection c = config.createConnection("jdbc:sqlite:" + dbFile);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint=0");
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                rs.next();
            }
        }
        return c;
    }

    /** Continues the newest chain when the WAL on disk still continues its last sealed segment. */
    private void resume() throws IOException {
        List<ChainManifest> chains = store.chains();
        if (chains.isEmpty()) {
            stop("first_start", "no archive chain yet");
            return;
        }
        ChainManifest last = chains.get(chains.size() - 1);
        ChainId id = new ChainId(last.id());
        WalPosition end = last.start();
        long seq = 0;
        long tx = 1;
        Instant sealed = last.startedAtInstant();
        for (ArchiveStore.SegmentRef ref : store.segments(id)) {
            if (ref.lastSeq() < seq) {
                continue; // covered by a wider segment already read
            }
            if (ref.firstSeq() != seq) {
                stop("gap", "chain " + id + " is missing segments " + seq + "-" + (ref.firstSeq() - 1));
                return;
            }
            SegmentFooter footer = SegmentFile.footer(ref.file());
            end = footer.end();
            seq = footer.lastSeq() + 1;
            tx = footer.lastTx() + 1;
            sealed = footer.sealedThroughInstant();
        }
        WalPosition header = WalTail.header(wal);
        boolean continues = end.none() ? header.none() : header.sameGeneration(end) || end.restartedAs(header);
        if (!continues) {
            stop("wal_changed", "the WAL (" + header + ") does not continue chain " + id + " (" + end
                    + "): the database was checkpointed or replaced while the service was stopped");
            return;
        }
        recoveredStamps = readStamps(store.pendingFile(id), end.pageSize() > 0 ? end.pageSize() : header.pageSize());
        recoveredFallback = walModified();
        Files.deleteIfExists(store.pendingFile(id));
        chain = last;
        chainCommitted = true;
        position = end;
        segmentStart = end;
        resetExpected = end.restartedAs(header);
        nextSeq = seq;
        nextTx = tx;
        lastSeal = sealed;
        stoppedCode = null;
        stoppedReason = null;
        quietIndex = WalIndex.read(shm); // after this process's recovery: describes the WAL on disk
        readTail(clock.instant());
        recoveredStamps = Map.of();
        recoveredFallback = null;
    }

    private static Map<String, Instant> readStamps(Path pendingFile, int pageSize) {
        Map<String, Instant> stamps = new HashMap<>();
        if (pageSize <= 0 || !Files.exists(pendingFile)) {
            return stamps;
        }
        try {
            SegmentFile.records(pendingFile, pageSize, false, r -> {
                stamps.put(key(r.salt1(), r.salt2(), r.walEndOffset()), r.committedAt());
                return true;
            });
        } catch (IOException e) {
            // unreadable: the fallback time is used for these transactions
        }
        return stamps;
    }

    private Instant walModified() {
        try {
            return Files.getLastModifiedTime(wal).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static String key(long salt1, long salt2, long offset) {
        return salt1 + ":" + salt2 + ":" + offset;
    }

    /** Called after each commit, under the writer lock: appends the new transactions to the unsealed segment. */
    public synchronized void committed() {
        if (!opened || suspended || pin == null || !options.archiving()) {
            return;
        }
        Instant now = clock.instant();
        if (chain == null) {
            if (oldestUnarchived == null) {
                oldestUnarchived = now;
            }
            return;
        }
        try {
            readTail(now);
        } catch (IOException | RuntimeException e) {
            stop("archive_error", "appending to the archive failed: " + e.getMessage());
        }
    }

    /**
     * Reads every transaction committed after {@link #position}. Returns false (and stops the chain) when the WAL no
     * longer continues it.
     */
    private boolean readTail(Instant now) throws IOException {
        while (true) {
            WalTail.Read read = WalTail.read(wal, position, READ_CHUNK);
            if (read.reset()) {
                if (!resetExpected) {
                    stop("wal_reset", "the WAL was reset without a checkpoint by the archiver (" + position + " -> "
                            + read.position() + ")");
                    return false;
                }
                if (read.position().none()) {
                    position = WalPosition.NONE; // truncated by our TRUNCATE checkpoint; the next write starts one
                    return consistentWithIndex();
                }
                resetExpected = false;
            }
            if (read.transactions().isEmpty()) {
                if (read.reset() || position.none()) {
                    position = read.position();
                }
                return consistentWithIndex();
            }
            resetExpected = false;
            for (WalTail.Transaction tx : read.transactions()) {
                if (pending == null) {
                    pending = new SegmentFile.Writer(store.pendingFile(new ChainId(chain.id())), tx.end().pageSize());
                }
                pending.append(tx, stamp(tx, now));
                nextTx++;
                position = tx.end();
            }
        }
    }

    /**
     * Everything SQLite counts as committed must be what this archiver read: the wal-index names the generation and
     * its committed frame count. Another connection that checkpointed and reset the WAL between a commit and the
     * archiver's read of it leaves a wal-index this archiver cannot account for; the frames it never read are then in
     * the database file only, and replaying later transactions without them would corrupt a rebuild. The chain
     * stops (the next one's base snapshot holds those transactions).
     */
    private boolean consistentWithIndex() throws IOException {
        WalIndex index = WalIndex.read(shm);
        if (index == null) {
            return true; // no wal-index to compare with (not initialised yet)
        }
        boolean known = index.describes(position)
                || index.mxFrame() == 0 && (index.sameSalts(quietIndex)
                        || !position.none() && position.frames() == 0 && index.salt1() == position.salt1()
                                && index.salt2() == position.salt2());
        if (!known) {
            stop("wal_reset", "another connection checkpointed or reset the WAL: SQLite's " + index
                    + " does not match what was archived (" + position + ", last empty " + quietIndex + ")");
            return false;
        }
        return true;
    }

    private Instant stamp(WalTail.Transaction tx, Instant now) {
        Instant recovered = recoveredStamps.get(key(tx.end().salt1(), tx.end().salt2(), tx.end().offset()));
        if (recovered != null) {
            return recovered;
        }
        if (recoveredFallback != null && recoveredFallback.isBefore(now)) {
            return recoveredFallback; // committed before a crash, after the last commit time we kept
        }
        return now;
    }

    /**
     * One archive interval: with writes paused, read what is left, seal the segment, checkpoint; then, if archiving is
     * stopped, start a new chain (outside the pause but for the copy of its base).
     */
    public void tick() {
        synchronized (this) {
            if (!opened) {
                return;
            }
        }
        try {
            writes.paused("archive", () -> {
                synchronized (this) {
                    tickLocked();
                }
                return null;
            });
        } catch (Exception e) {
            synchronized (this) {
                if (chain != null) {
                    stop("archive_error", "archive tick failed: " + e.getMessage());
                }
            }
        }
        String reason;
        synchronized (this) {
            Instant now = clock.instant();
            boolean due = options.archiving() && !suspended && !closed && pin != null && chain == null
                    && !now.isBefore(nextStartAttempt);
            boolean old = chain != null && chainCommitted
                    && !now.isBefore(chain.startedAtInstant().plus(options.chainInterval()));
            reason = due ? stoppedCode : old ? "scheduled" : null;
        }
        if (reason != null) {
            startChain(reason);
        }
    }

    private void tickLocked() throws IOException {
        if (suspended || closed || pin == null && !reopenPin()) {
            return;
        }
        Instant now = clock.instant();
        if (chain != null && chainCommitted) {
            try {
                if (readTail(now) && chain != null && (pending != null && pending.records() > 0
                        || lastSeal == null || !now.isBefore(lastSeal.plus(options.heartbeat())))) {
                    seal(now);
                }
            } catch (IOException | RuntimeException e) {
                stop("archive_error", "sealing a segment failed: " + e.getMessage());
            }
        }
        checkpoint();
    }

    private void seal(Instant now) throws IOException {
        ChainId id = new ChainId(chain.id());
        if (pending == null) {
            pending = new SegmentFile.Writer(store.pendingFile(id), Math.max(position.pageSize(), 0));
        }
        long records = pending.records();
        SegmentFooter footer = new SegmentFooter(chain.id(), nextSeq, nextSeq, pending.pageSize(), nextTx - records,
                nextTx - 1, pending.frames(), segmentStart, position, iso(pending.firstCommit()),
                iso(pending.lastCommit()), now.toString());
        pending.seal(footer, store.segmentFile(id, nextSeq, nextSeq));
        long bytes = pending.bytes();
        pending = null;
        nextSeq++;
        segmentStart = position;
        lastSeal = now;
        events.sealed(footer, bytes);
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Checkpoints when enough frames piled up; never while a transaction is in the WAL but not in a sealed segment. */
    private void checkpoint() {
        if (chain != null && pending != null && pending.records() > 0) {
            return;
        }
        long walBytes = size(wal);
        boolean overCap = walBytes >= options.maxWalBytes();
        long frameBytes = WalTail.FRAME_HEADER_BYTES + (long) Math.max(position.pageSize(), 512);
        long frames = chain != null && !position.none() ? position.frames() : walBytes / frameBytes;
        if (!overCap && frames < options.checkpointPages()) {
            return;
        }
        String mode = overCap ? "TRUNCATE" : "PASSIVE";
        try (Statement s = pin.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            rs.next();
            boolean complete = rs.getInt(1) == 0 && rs.getInt(2) == rs.getInt(3);
            if (complete) {
                checkpointedGeneration = WalTail.header(wal);
                checkpointedFrames = rs.getInt(2);
                if (chain != null) {
                    resetExpected = true;
                }
                if (overCap) {
                    quietIndex = WalIndex.read(shm); // the WAL is empty now, and this is SQLite's view of it
                }
            }
            events.checkpointed(mode.toLowerCase(), complete, walBytes);
        } catch (SQLException | IOException e) {
            events.checkpointed(mode.toLowerCase(), false, walBytes);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Ends the current chain (unsealed transactions are dropped: the next chain's base holds them). */
    private void stop(String code, String reason) {
        if (pending != null) {
            try {
                pending.close();
            } catch (IOException ignored) {
                // deleted next
            }
            FileOps.deleteQuietly(pending.file());
            pending = null;
        }
        boolean wasArchiving = chain != null;
        chain = null;
        chainCommitted = false;
        stoppedCode = code;
        stoppedReason = reason;
        if (oldestUnarchived == null && wasArchiving) {
            oldestUnarchived = clock.instant();
        }
        events.stopped(code, reason);
    }

    /** Takes a base snapshot with writes paused for its copy, then writes chain.json. */
    private void startChain(String reason) {
        Instant now = clock.instant();
        ChainId id = ChainId.next(now);
        BackupId baseId = BackupId.next(BackupKind.BACKUP, now);
        try {
            store.createChainDirs(id);
            engine.create(work -> {
                try {
                    writes.paused("archive_chain_start", () -> {
                        synchronized (this) {
                            beginChain(id, baseId, reason, work);
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }, dbFile, store.baseStore(id), baseId, "archive",
                    new BackupEngine.Options(options.gzip(), options.gzipLevel(), options.appVersion()));
            synchronized (this) {
                if (chain == null || !chain.id().equals(id.value())) {
                    store.deleteChain(id); // the database was replaced meanwhile; the next tick starts again
                    return;
                }
                store.writeManifest(chain);
                chainCommitted = true;
                lastSeal = chain.startedAtInstant();
                oldestUnarchived = null;
                events.chainStarted(chain);
            }
        } catch (Exception e) {
            synchronized (this) {
                if (chain != null && chain.id().equals(id.value())) {
                    stop("archive_error", "starting chain " + id + " failed: " + e.getMessage());
                } else {
                    stoppedReason = "starting chain " + id + " failed: " + e.getMessage();
                    events.stopped(stoppedCode, stoppedReason);
                }
                nextStartAttempt = clock.instant().plus(options.retryDelay());
            }
            try {
                store.deleteChain(id);
            } catch (IOException ignored) {
                // a half-written chain has no chain.json: it is never read, and retention removes it
            }
        }
    }

    private void beginChain(ChainId id, BackupId baseId, String reason, dev.bri.storage.SqlWork<Void> copy)
            throws IOException, SQLException {
        if (suspended || pin == null) {
            throw new SQLException("the database is being replaced");
        }
        Instant at = clock.instant();
        if (chain != null && chainCommitted) {
            // a healthy chain ends exactly where the new one starts
            if (readTail(at) && chain != null) {
                seal(at);
            }
        }
        if (pending != null) {
            stop(stoppedCode == null ? "scheduled" : stoppedCode, "chain replaced");
        }
        copy.run(pin);
        afterBaseCopy.run();
        // The start is what the copy holds (its WAL up to the last commit, which is what folding it replays), not the
        // live WAL now: a writer outside the write gate (migrations at start-up) may have committed since the copy,
        // and a start after such a transaction would leave it in neither the base nor the segments.
        WalPosition end = lastCommit(dev.bri.backup.BackupEngine.copiedWal(store.baseStore(id), baseId));
        quietIndex = WalIndex.read(shm); // the base holds whatever SQLite counts as committed now
        chain = new ChainManifest(id.value(), baseId.value(), at.toString(), end, reason, options.appVersion());
        chainCommitted = false;
        position = end;
        segmentStart = end;
        nextSeq = 0;
        nextTx = 1;
        // the WAL may restart under the new chain when the last complete checkpoint covered all of it
        resetExpected = end.none() || end.sameGeneration(checkpointedGeneration) && end.frames() == checkpointedFrames
                || quietIndex != null && quietIndex.mxFrame() == 0;
        stoppedCode = null;
        stoppedReason = null;
    }

    /** The position after the last committed transaction in {@code walFile} as it is now. */
    private static WalPosition lastCommit(Path walFile) throws IOException {
        WalPosition at = WalPosition.NONE;
        while (true) {
            WalTail.Read read = WalTail.read(walFile, at, READ_CHUNK);
            if (read.transactions().isEmpty()) {
                return at.none() ? read.position() : at;
            }
            at = read.position();
        }
    }

    /**
     * The archived position a restore drill compares with: every transaction of {@code chain} up to {@code lastTx}
     * is in a sealed segment, and {@code value} is what {@link #sealThen} read of the live database at that position.
     */
    public record Pinned<T>(String chain, long lastTx, Instant sealedAt, T value) {
    }

    /**
     * Seals every committed transaction and, with writes still paused, runs {@code atPosition}: what it reads of the
     * live database (the restore drill starts a read transaction there) is exactly the state the archive now ends at.
     * Null when no chain is being archived.
     */
    public <T> Pinned<T> sealThen(Callable<T> atPosition) throws Exception {
        return writes.paused("archive_drill", () -> {
            synchronized (this) {
                if (!opened || suspended || closed || pin == null || chain == null || !chainCommitted) {
                    return null;
                }
                Instant now = clock.instant();
                try {
                    if (!readTail(now) || chain == null) {
                        return null;
                    }
                    if (pending != null && pending.records() > 0) {
                        seal(now);
                    }
                } catch (IOException | RuntimeException e) {
                    stop("archive_error", "sealing a segment failed: " + e.getMessage());
                    return null;
                }
                return new Pinned<>(chain.id(), nextTx - 1, lastSeal, atPosition.call());
            }
        });
    }

    /**
     * Ends the chain being archived when it is {@code chain} (the restore drill found it cannot be restored): the next
     * tick starts a new chain from a fresh base snapshot, which holds everything committed so far.
     */
    public synchronized void endChain(String chain, String code, String reason) {
        if (this.chain != null && chainCommitted && this.chain.id().equals(chain)) {
            stop(code, reason);
        }
    }

    /** Before the database file is replaced: seal what is committed, end the chain, close the pin. */
    public synchronized void suspend(String why) {
        if (suspended) {
            return;
        }
        if (chain != null && chainCommitted) {
            try {
                if (readTail(clock.instant()) && chain != null) {
                    seal(clock.instant());
                }
            } catch (IOException | RuntimeException e) {
                // the chain stops below either way
            }
        }
        if (!options.archiving()) {
            suspended = true;
            closePin();
            return;
        }
        if (chain != null || pending != null) {
            stop("restore", "the database file was replaced (" + why + ")");
        } else {
            stoppedCode = "restore";
            stoppedReason = "the database file was replaced (" + why + ")";
        }
        suspended = true;
        closePin();
    }

    /**
     * After the replacement: reopen the pin; the next tick starts a new chain. A file that cannot be opened leaves
     * archiving stopped (and the next ticks try again): the replacement itself must not fail because of it.
     */
    public synchronized void resumeAfterReplace() {
        if (!suspended) {
            return;
        }
        suspended = false;
        position = WalPosition.NONE;
        nextStartAttempt = Instant.MIN;
        reopenPin();
    }

    private boolean reopenPin() {
        try {
            pin = openPin(dbFile);
            return true;
        } catch (SQLException e) {
            pin = null;
            if (options.archiving()) {
                stoppedCode = "archive_error";
                stoppedReason = "cannot open the database: " + e.getMessage();
            }
            return false;
        }
    }

    private void closePin() {
        if (pin != null) {
            try {
                pin.close();
            } catch (SQLException ignored) {
                // closing is all that is left to do with it
            }
            pin = null;
        }
    }

    public synchronized Status status() {
        String state = closed
                ? "closed"
                : suspended
                        ? "suspended"
                        : pin == null
                                ? "stopped"
                                : chain == null ? "stopped" : chainCommitted ? "archiving" : "starting";
        Instant oldest = chain != null && pending != null && pending.records() > 0
                ? pending.firstCommit()
                : chain == null ? oldestUnarchived : null;
        return new Status(state, chain == null ? null : chain.id(), stoppedCode, stoppedReason,
                chain == null ? null : chain.startedAtInstant(), position, pending == null ? 0 : pending.records(),
                oldest, lastSeal, nextSeq);
    }

    /** Drops everything without sealing, like a killed process (tests of crash recovery). */
    synchronized void abandon() throws IOException {
        closed = true;
        if (pending != null) {
            pending.close();
            pending = null;
        }
        closePin();
    }

    /** Seals what is committed and closes the pin (service shutdown). */
    @Override
    public void close() {
        try {
            writes.paused("archive_close", () -> {
                synchronized (this) {
                    if (chain != null && chainCommitted && !suspended && pin != null) {
                        if (readTail(clock.instant()) && chain != null && pending != null && pending.records() > 0) {
                            seal(clock.instant());
                        }
                    }
                }
                return null;
            });
        } catch (Exception e) {
            // the unsealed transactions stay in the WAL, and the next start reads them again
        }
        synchronized (this) {
            closed = true;
            if (pending != null) {
                try {
                    pending.close();
                } catch (IOException ignored) {
                    // the next start reads the WAL again
                }
            }
            closePin();
        }
    }
}
