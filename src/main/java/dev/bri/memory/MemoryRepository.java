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

    public MemoryTurn append(String videoId, TurnRequest turn) {
        return database.write("memory_append", c -> {
            long videoSeq = VideoRepository.requireSeq(c, videoId);
            String now = Timestamps.now();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO memory_turns (video_seq, role, content, "
                    + "created_at) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                s.setLong(1, videoSeq);
                s.setString(2, turn.role());
                s.setString(3, turn.content());
                s.setString(4, now);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    return new MemoryTurn(keys.getLong(1), turn.role(), turn.content(), now);
                }
            }
        });
    }

    public List<MemoryTurn> last(String videoId, int limit) {
        return database.read("memory_read", c -> last(c, VideoRepository.requireSeq(c, videoId), limit));
    }

    /** The last {@code limit} turns, oldest first. */
    public static List<MemoryTurn> last(Connection c, long videoSeq, int limit) throws SQLException {
        PreparedStatement s = Statements.cached(c, "SELECT seq, role, content, created_at FROM memory_turns "
                + "WHERE video_seq = ? ORDER BY seq DESC LIMIT ?");
        s.setLong(1, videoSeq);
        s.setInt(2, limit);
        List<MemoryTurn> turns = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                turns.add(new MemoryTurn(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        Collections.reverse(turns);
        return turns;
    }

    public int clear(String videoId) {
        return database.write("memory_clear", c -> {
            long videoSeq = VideoRepository.requireSeq(c, videoId);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM memory_turns WHERE video_seq = ?")) {
                s.setLong(1, videoSeq);
                return s.executeUpdate();
            }
        });
    }
}
