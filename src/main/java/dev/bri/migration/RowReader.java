package dev.bri.migration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads a copied table in key order, in batches after a given key, and checksums it. */
final class RowReader {

    private RowReader() {
    }

    /** Up to {@code limit} rows with a key above {@code after}, in key order. */
    static List<Object[]> batch(Connection c, CopiedTable table, long after, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + table.columnList() + " FROM " + table.name()
                + " WHERE " + table.key() + " > ? ORDER BY " + table.key() + " LIMIT ?")) {
            s.setFetchSize(Math.min(limit, 5000));
            s.setLong(1, after);
            s.setInt(2, limit);
            List<Object[]> rows = new ArrayList<>(limit);
            try (ResultSet rs = s.executeQuery()) {
                int n = table.columns().size();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = switch (table.columns().get(i).type()) {
                            case LONG -> {
                                long v = rs.getLong(i + 1);
                                yield rs.wasNull() ? null : v;
                            }
                            case DOUBLE -> {
                                double v = rs.getDouble(i + 1);
                                yield rs.wasNull() ? null : v;
                            }
                            case TEXT -> rs.getString(i + 1);
                        };
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The table's {@link TableCheck}, read in batches (a large table is never held in memory). */
    static TableCheck check(Connection c, CopiedTable table, int batchSize) throws SQLException {
        MessageDigest digest = sha256();
        long rows = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            List<Object[]> batch = batch(c, table, after, batchSize);
            for (Object[] row : batch) {
                update(digest, row);
            }
            rows += batch.size();
            if (batch.size() < batchSize) {
                break;
            }
            after = (Long) batch.get(batch.size() - 1)[keyIndex(table)];
        }
        return new TableCheck(table.name(), rows, HexFormat.of().formatHex(digest.digest()));
    }

    static int keyIndex(CopiedTable table) {
        for (int i = 0; i < table.columns().size(); i++) {
            if (table.columns().get(i).name().equals(table.key())) {
                return i;
            }
        }
        throw new IllegalStateException("no key column in " + table.name());
    }

    /**
     * Size of a row's values for the progress figures: text by its length in characters, numbers as 8 bytes, nulls
     * as nothing; {@link #weight(Connection, CopiedTable)} adds up the same on either engine.
     */
    static long weight(Object[] row) {
        long size = 0;
        for (Object v : row) {
            size += v instanceof String s ? s.length() : v == null ? 0 : 8;
        }
        return size;
    }

    /** The sum of {@link #weight(Object[])} over the table, computed by the database (one scan). */
    static long weight(Connection c, CopiedTable table) throws SQLException {
        String sum = table.columns().stream().map(col -> col.type() == CopiedTable.Type.TEXT
                ? "COALESCE(sum(length(" + col.name() + ")), 0)"
                : "8 * count(" + col.name() + ")").collect(java.util.stream.Collectors.joining(" + "));
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + sum + " FROM " + table.name())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void update(MessageDigest digest, Object[] row) {
        ByteBuffer b = ByteBuffer.allocate(9);
        for (Object v : row) {
            b.clear();
            if (v == null) {
                digest.update((byte) 0);
            } else if (v instanceof Long l) {
                digest.update(b.put((byte) 1).putLong(l).array(), 0, 9);
            } else if (v instanceof Double d) {
                digest.update(b.put((byte) 2).putLong(Double.doubleToLongBits(d)).array(), 0, 9);
            } else {
                byte[] text = ((String) v).getBytes(StandardCharsets.UTF_8);
                digest.update(b.put((byte) 3).putLong(text.length).array(), 0, 9);
                digest.update(text);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
