package dev.bri.video;

import dev.bri.domain.NotFoundException;
import dev.bri.storage.Database;
import dev.bri.storage.Statements;
import dev.bri.storage.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class VideoRepository {

    static final String COLUMNS = "seq, id, filename, file_path, thumbnail_path, duration_seconds, status, "
            + "created_at, updated_at";
    public static final List<String> ITEM_TYPES = List.of("frame", "caption", "transcript", "object", "metadata");

    private final Database database;

    public VideoRepository(Database database) {
        this.database = database;
    }

    public record Upserted(Video video, boolean created) {
    }

    public Upserted upsert(String id, VideoRequest request) {
        return database.write("video_upsert", c -> {
            boolean created = find(c, id).isEmpty();
            String now = Timestamps.now();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO videos (id, filename, file_path, "
                    + "thumbnail_path, duration_seconds, status, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    + "filename = excluded.filename, file_path = excluded.file_path, "
                    + "thumbnail_path = excluded.thumbnail_path, duration_seconds = excluded.duration_seconds, "
                    + "updated_at = excluded.updated_at")) {
                s.setString(1, id);
                s.setString(2, request.filename());
                s.setString(3, request.filePath());
                s.setString(4, request.thumbnailPath());
                s.setDouble(5, request.duration());
                s.setString(6, now);
                s.setString(7, now);
                s.executeUpdate();
            }
            return new Upserted(find(c, id).orElseThrow(), created);
        });
    }

    public Optional<Video> find(String id) {
        return database.read("video_get", c -> find(c, id));
    }

    public static Optional<Video> find(Connection c, String id) throws SQLException {
        PreparedStatement s = Statements.cached(c, "SELECT " + COLUMNS + " FROM videos WHERE id = ?");
        s.setString(1, id);
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    /** The video's internal key inside a running transaction, or 404. */
    public static long requireSeq(Connection c, String id) throws SQLException {
        PreparedStatement s = Statements.cached(c, "SELECT seq FROM videos WHERE id = ?");
        s.setString(1, id);
        try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new NotFoundException("video '" + id + "'");
            }
            return rs.getLong(1);
        }
    }

    public VideoPage list(VideoStatus status, String after, int limit) {
        return database.read("video_list", c -> {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM videos WHERE id > ?");
            if (status != null) {
                sql.append(" AND status = ?");
            }
            sql.append(" ORDER BY id LIMIT ?");
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                int i = 1;
                s.setString(i++, after == null ? "" : after);
                if (status != null) {
                    s.setString(i++, status.wire());
                }
                s.setInt(i, limit + 1);
                List<Video> videos = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        videos.add(map(rs));
                    }
                }
                boolean more = videos.size() > limit;
                List<Video> page = more ? videos.subList(0, limit) : videos;
                return new VideoPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
            }
        });
    }

    public VideoDetail detail(String id) {
        return database.read("video_detail", c -> {
            Video video = find(c, id).orElseThrow(() -> new NotFoundException("video '" + id + "'"));
            Map<String, Long> counts = new LinkedHashMap<>();
            ITEM_TYPES.forEach(t -> counts.put(t, 0L));
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT type, count(*) FROM context_items WHERE video_seq = ? GROUP BY type")) {
                s.setLong(1, video.seq());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            long turns;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM memory_turns WHERE video_seq = ?")) {
                s.setLong(1, video.seq());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    turns = rs.getLong(1);
                }
            }
            Map<String, Boolean> completeness = new LinkedHashMap<>();
            counts.forEach((type, n) -> completeness.put(type, n > 0));
            boolean complete = completeness.values().stream().allMatch(Boolean::booleanValue);
            return new VideoDetail(video, counts, completeness, complete, turns);
        });
    }

    public static void updateStatus(Connection c, long seq, VideoStatus status) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE videos SET status = ?, updated_at = ? WHERE seq = ?")) {
            s.setString(1, status.wire());
            s.setString(2, Timestamps.now());
            s.setLong(3, seq);
            s.executeUpdate();
        }
    }

    static Video map(ResultSet rs) throws SQLException {
        return new Video(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getDouble(6), VideoStatus.fromWire(rs.getString(7)).orElse(VideoStatus.ERROR), rs.getString(8),
                rs.getString(9));
    }
}
