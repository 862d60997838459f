package dev.bri.context;

import dev.bri.storage.Statements;
import dev.bri.storage.Timestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The transcript document of a video (full text and language), one row per video in {@code transcripts}. */
final class Transcripts {

    private Transcripts() {
    }

    static void store(Connection c, long videoSeq, TranscriptText transcript) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO transcripts (video_seq, full_text, language, "
                + "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (video_seq) DO UPDATE SET full_text = "
                + "excluded.full_text, language = excluded.language, updated_at = excluded.updated_at")) {
            s.setLong(1, videoSeq);
            s.setString(2, transcript.fullText());
            s.setString(3, transcript.language());
            s.setString(4, Timestamps.now());
            s.executeUpdate();
        }
    }

    /** The stored document, or null when the pipeline sent none. */
    static TranscriptText find(Connection c, long videoSeq) throws SQLException {
        PreparedStatement s = Statements.cached(c, "SELECT full_text, language FROM transcripts WHERE video_seq = ?");
        s.setLong(1, videoSeq);
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? new TranscriptText(rs.getString(1), rs.getString(2)) : null;
        }
    }
}
