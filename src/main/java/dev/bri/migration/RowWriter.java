package dev.bri.migration;

import dev.bri.storage.Engine;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Writes a batch of rows into the target inside the caller's transaction: PostgreSQL's {@code COPY ... FROM STDIN}
 * (CSV, through the driver's CopyManager), SQLite's prepared batch inserts.
 */
interface RowWriter {

    void write(Connection c, CopiedTable table, List<Object[]> rows) throws SQLException;

    static RowWriter of(Engine engine) {
        return engine == Engine.POSTGRESQL ? RowWriter::copy : RowWriter::insert;
    }

    private static void copy(Connection c, CopiedTable table, List<Object[]> rows) throws SQLException {
        StringBuilder csv = new StringBuilder(rows.size() * 256);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                Object v = row[i];
                if (v instanceof String s) {
                    // always quoted: an unquoted empty field is NULL in CSV, a quoted one the empty string
                    csv.append('"').append(s.indexOf('"') < 0 ? s : s.replace("\"", "\"\"")).append('"');
                } else if (v != null) {
                    csv.append(v); // Long, or Double in Java's shortest round-trip form, which float8 reads exactly
                }
            }
            csv.append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table.name() + " (" + table.columnList()
                    + ") FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    private static void insert(Connection c, CopiedTable table, List<Object[]> rows) throws SQLException {
        String marks = String.join(", ", Collections.nCopies(table.columns().size(), "?"));
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table.name() + " (" + table.columnList()
                + ") VALUES (" + marks + ")")) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    Object v = row[i];
                    if (v == null) {
                        s.setNull(i + 1, Types.NULL);
                    } else if (v instanceof Long l) {
                        s.setLong(i + 1, l);
                    } else if (v instanceof Double d) {
                        s.setDouble(i + 1, d);
                    } else {
                        s.setString(i + 1, (String) v);
                    }
                }
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
