package io.maintkit.mysql.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;

/**
 * Writes a result set as CSV with a header line, the format of PostgreSQL's {@code COPY ... (FORMAT csv, HEADER)}
 * so both engines' archives read alike: a NULL is an empty field, an empty string is {@code ""}, a field holding a
 * comma, a quote, a line break or leading/trailing space is quoted with inner quotes doubled, binary values are
 * {@code \x} and hexadecimal digits, temporal values as the server writes them.
 */
final class CsvRows {

    private static final int BUFFER = 64 * 1024;

    private CsvRows() {
    }

    /** Writes every row of {@code rs} to {@code out} (left open) and returns how many. */
    static long write(ResultSet rs, OutputStream out) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        boolean[] binary = new boolean[n + 1];
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
        for (int i = 1; i <= n; i++) {
            int t = md.getColumnType(i);
            binary[i] = t == Types.BINARY || t == Types.VARBINARY || t == Types.LONGVARBINARY || t == Types.BLOB;
            field(w, md.getColumnLabel(i), i);
        }
        w.write('\n');
        long rows = 0;
        HexFormat hex = HexFormat.of();
        while (rs.next()) {
            for (int i = 1; i <= n; i++) {
                if (binary[i]) {
                    byte[] b = rs.getBytes(i);
                    if (i > 1) {
                        w.write(',');
                    }
                    if (b != null) {
                        w.write("\\x");
                        w.write(hex.formatHex(b));
                    }
                } else {
                    String v = rs.getString(i);
                    if (v == null) {
                        if (i > 1) {
                            w.write(',');
                        }
                    } else {
                        field(w, v, i);
                    }
                }
            }
            w.write('\n');
            rows++;
        }
        w.flush();
        return rows;
    }

    private static void field(BufferedWriter w, String v, int index) throws IOException {
        if (index > 1) {
            w.write(',');
        }
        if (needsQuotes(v)) {
            w.write('"');
            w.write(v.replace("\"", "\"\""));
            w.write('"');
        } else {
            w.write(v);
        }
    }

    private static boolean needsQuotes(String v) {
        if (v.isEmpty() || v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ') {
            return true;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
