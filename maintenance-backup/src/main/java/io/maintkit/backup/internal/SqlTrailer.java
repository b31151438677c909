package io.maintkit.backup.internal;

import io.maintkit.backup.BackupFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * The completion trailers of SQL dumps: pg_dump ends with {@code -- PostgreSQL database dump complete} (newer
 * releases follow it with a closing <code>&#92;unrestrict</code> line), mariadb-dump and mysqldump with {@code -- Dump completed}.
 * A dump without its trailer was cut off.
 */
public final class SqlTrailer {

    private SqlTrailer() {
    }

    /** Checks the tail of a SQL dump of the given format; throws when the trailer is missing. */
    public static String check(BackupFormat format, String head, String tail, long size)
            throws CorruptBackupException {
        List<String> lines = lastLines(tail);
        String ending = format == BackupFormat.POSTGRES_PLAIN ? "\n\n" : "\n";
        if (!tail.endsWith(ending)) {
            throw new CorruptBackupException("truncated", "truncated: the dump does not end with the "
                    + (ending.length() == 2 ? "blank line" : "line break") + " its tool writes last (" + size
                    + " bytes of SQL)");
        }
        if (format == BackupFormat.POSTGRES_PLAIN) {
            String restrict = restrictKey(head);
            if (restrict != null && (lines.isEmpty() || !lines.get(0).equals("\\unrestrict " + restrict))) {
                throw new CorruptBackupException("trailer-missing", "incomplete: the dump opens with \\restrict but does not end with the"
                        + " matching \\unrestrict line (" + size + " bytes of SQL)");
            }
            for (String line : lines) {
                if (line.startsWith("\\unrestrict ") || line.equals("--")) {
                    continue;
                }
                if (line.equals("-- PostgreSQL database dump complete")
                        || line.equals("-- PostgreSQL database cluster dump complete")) {
                    return "completion trailer present (" + size + " bytes of SQL)";
                }
                break;
            }
            throw new CorruptBackupException("trailer-missing", "incomplete: no '-- PostgreSQL database dump complete' trailer at the end"
                    + " (" + size + " bytes of SQL)");
        }
        if (format == BackupFormat.MYSQL_DUMP) {
            if (!lines.isEmpty() && lines.get(0).startsWith("-- Dump completed")) {
                return "completion trailer present (" + size + " bytes of SQL)";
            }
            throw new CorruptBackupException("trailer-missing", "incomplete: no '-- Dump completed' trailer at the end (" + size
                    + " bytes of SQL)");
        }
        throw new IllegalArgumentException("no trailer known for " + format);
    }

    private static String restrictKey(String head) {
        for (String line : head.split("\r?\n")) {
            if (line.startsWith("\\restrict ")) {
                return line.substring("\\restrict ".length()).strip();
            }
        }
        return null;
    }

    /** The non-blank lines of the tail, last first. */
    private static List<String> lastLines(String tail) {
        List<String> out = new ArrayList<>();
        String[] lines = tail.split("\r?\n", -1);
        for (int i = lines.length - 1; i >= 0 && out.size() < 8; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }
}
