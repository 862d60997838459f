package dev.bri.memory;

import dev.bri.storage.Database;
import dev.bri.storage.Statements;
import dev.bri.storage.Timestamps;
import dev.bri.video.VideoRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

@ApplicationScoped
public class MemoryRepository {

    private final Database database;

    public MemoryRepository(Database database) {
        this.database = database;
    }

    /** Stores the turns in one transaction, in order: all of them or none. */
    public List<MemoryTurn> append(String videoId, List<TurnRequest> turns) {
        return database.write("memory_append", c -> {
            long videoSeq = VideoRepository.requireSeq(c, videoId);
            String now = Timestamps.now();
            List<MemoryTurn> stored = new ArrayList<>(turns.size());
            try (PreparedStatement s = c.prepareStatement("INSERT INTO memory_turns (video_seq, role, content, "
                    + "created_at) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                for (TurnRequest turn : turns) {
                    s.setLong(1, videoSeq);
                    s.setString(2, turn.role());
                    s.setString(3, turn.content());
                    s.setString(4, now);
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next();
                        stored.add(new MemoryTurn(keys.getLong(1), turn.role(), turn.content(), now));
                    }
                }
            }
            return stored;
        });
    }

    /**
     * One page of a video's turns. With {@code after}, the oldest {@code limit} turns newer than it; otherwise the
     * newest {@code limit} turns older than {@code before} (or than none). Turn ids grow with insertion, so they are
     * stable cursors: turns added meanwhile never shift a page.
     */
    public MemoryPage page(String videoId, Long before, Long after, int limit, boolean newestFirst) {
        return database.read("memory_read", c -> {
            long videoSeq = VideoRepository.requireSeq(c, videoId);
            boolean forward = after != null;
            PreparedStatement s = Statements.cached(c, forward
                    ? "SELECT seq, role, content, created_at FROM memory_turns WHERE video_seq = ? AND seq > ? "
                            + "ORDER BY seq LIMIT ?"
                    : "SELECT seq, role, content, created_at FROM memory_turns WHERE video_seq = ? AND seq < ? "
                            + "ORDER BY seq DESC LIMIT ?");
            s.setLong(1, videoSeq);
            s.setLong(2, forward ? after : before == null ? Long.MAX_VALUE : before);
            s.setInt(3, limit + 1);
            List<MemoryTurn> turns = read(s);
            boolean more = turns.size() > limit;
            if (more) {
                turns.remove(turns.size() - 1);
            }
            Long cursor = more ? turns.get(turns.size() - 1).id() : null;
            // forward reads come oldest first, backward reads newest first
            if (forward == newestFirst) {
                Collections.reverse(turns);
            }
            return new MemoryPage(turns, forward ? null : cursor, forward ? cursor : null);
        });
    }

    /** The last {@code limit} turns, oldest first. */
    public static List<MemoryTurn> last(Connection c, long videoSeq, int limit) throws SQLException {
        PreparedStatement s = Statements.cached(c, "SELECT seq, role, content, created_at FROM memory_turns "
                + "WHERE video_seq = ? ORDER BY seq DESC LIMIT ?");
        s.setLong(1, videoSeq);
        s.setInt(2, limit);
        List<MemoryTurn> turns = read(s);
        Collections.reverse(turns);
        return turns;
    }

    private static List<MemoryTurn> read(PreparedStatement s) throws SQLException {
        List<MemoryTurn> turns = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                turns.add(new MemoryTurn(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return turns;
    }
}
