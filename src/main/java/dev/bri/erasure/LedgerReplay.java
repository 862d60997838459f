package dev.bri.erasure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the ledger's erasures to a database again, after a restore put back a file that predates some of them.
 * Idempotent and exact without knowing the restored point: a video is erased again only if the restored row was
 * created at or before the erasure (a video created again later, under the same id, is a different one and stays);
 * a memory cut-off removes turns created before it; a memory clear removes the video's turns it removed then (by id
 * and time, so turns stored after the clear stay). One transaction; shared by the service and the offline CLI.
 */
public final class LedgerReplay {

    /** One erasure that found something to remove again. */
    public record Applied(LedgerEntry entry, int rows) {
    }

    private LedgerReplay() {
    }

    /** Runs in the caller's transaction when there is one (auto-commit off), else in its own. */
    public static List<Applied> apply(Connection c, List<LedgerEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return List.of();
        }
        if (!c.getAutoCommit()) {
            return applyAll(c, entries);
        }
        try (Statement pragma = c.createStatement()) {
            // cascades remove the items, memory, search index rows and pipeline events with the video
            pragma.execute("PRAGMA foreign_keys = ON");
        }
        c.setAutoCommit(false);
        try {
            List<Applied> applied = applyAll(c, entries);
            c.commit();
            return applied;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static List<Applied> applyAll(Connection c, List<LedgerEntry> entries) throws SQLException {
        List<Applied> applied = new ArrayList<>();
        // memory cut-offs only grow: the latest one covers every earlier one, so one scan is enough
        LedgerEntry cutoff = null;
        for (LedgerEntry e : entries) {
            if (LedgerEntry.MEMORY_BEFORE.equals(e.kind()) && e.before() != null
                    && (cutoff == null || e.before().compareTo(cutoff.before()) > 0)) {
                cutoff = e;
            }
        }
        try (PreparedStatement video = c.prepareStatement(
                "DELETE FROM videos WHERE id = ? AND created_at <= ?");
                PreparedStatement memory = c.prepareStatement("DELETE FROM memory_turns WHERE created_at < ?");
                PreparedStatement cleared = c.prepareStatement("DELETE FROM memory_turns WHERE video_seq IN "
                        + "(SELECT seq FROM videos WHERE id = ?) AND seq <= ? AND created_at <= ?")) {
            for (LedgerEntry e : entries) {
                int rows = 0;
                if (LedgerEntry.VIDEO.equals(e.kind()) && e.videoId() != null) {
                    video.setString(1, e.videoId());
                    video.setString(2, e.at());
                    rows = video.executeUpdate();
                } else if (e == cutoff) {
                    memory.setString(1, e.before());
                    rows = memory.executeUpdate();
                } else if (LedgerEntry.MEMORY_CLEAR.equals(e.kind()) && e.videoId() != null
                        && e.throughTurn() != null) {
                    // a turn stored after the clear has a later time or a higher id: it stays
                    cleared.setString(1, e.videoId());
                    cleared.setLong(2, e.throughTurn());
                    cleared.setString(3, e.at());
                    rows = cleared.executeUpdate();
                }
                if (rows > 0) {
                    applied.add(new Applied(e, rows));
                }
            }
        }
        return applied;
    }
}
