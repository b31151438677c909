package io.maintkit.backup.internal;

import io.maintkit.backup.BackupFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The completion trailers of SQL dumps: pg_dump ends with {@code -- PostgreSQL database dump complete} and
 * pg_dumpall with {@code -- PostgreSQL database cluster dump complete} (newer releases put a closing
 * <code>&#92;unrestrict</code> line after or before it, checked by {@link PsqlScript}), mariadb-dump and mysqldump
 * with {@code -- Dump completed}. A dump without its trailer was cut off, unless the dump tool was told to write no
 * comments at all ({@code --skip-comments}, {@code --compact}): such a dump cannot be told from a cut one.
 */
public final class SqlTrailer {

    private SqlTrailer() {
    }

    /**
     * Checks the tail of a SQL dump of the given format, and for PostgreSQL its <code>&#92;restrict</code> pairs.
     *
     * @throws CorruptBackupException     when the dump was provably cut or damaged
     * @throws UnsupportedBackupException when the dump was written without the comments that would prove it complete
     */
    public static String check(BackupFormat format, String head, String tail, long size, PsqlScript script)
            throws IOException {
        List<String> lines = lastLines(tail);
        String ending = format == BackupFormat.POSTGRES_PLAIN ? "\n\n" : "\n";
        if (!tail.endsWith(ending)) {
            throw new CorruptBackupException("truncated", "truncated: the dump does not end with the "
                    + (ending.length() == 2 ? "blank line" : "line break") + " its tool writes last (" + size
                    + " bytes of SQL)");
        }
        if (format == BackupFormat.POSTGRES_PLAIN) {
            String problem = script == null ? null : script.problem();
            if (problem != null) {
                throw new CorruptBackupException(problem.contains("does not end") ? "trailer-missing"
                        : "restrict-mismatch", "incomplete or damaged: " + problem + " (" + size + " bytes of SQL)");
            }
            boolean cluster = head.contains("-- PostgreSQL database cluster dump");
            String trailer = cluster ? "-- PostgreSQL database cluster dump complete"
                    : "-- PostgreSQL database dump complete";
            for (String line : lines) {
                if (line.startsWith("\\unrestrict ") || line.equals("--")) {
                    continue;
                }
                if (line.equals(trailer)) {
                    int pairs = script == null ? 0 : script.pairs();
                    return "completion trailer present" + (pairs == 0 ? "" : ", " + pairs + " \\restrict/\\unrestrict"
                            + " pair" + (pairs == 1 ? "" : "s") + " closed") + " (" + size + " bytes of SQL)";
                }
                break;
            }
            throw new CorruptBackupException("trailer-missing", "incomplete: no '" + trailer + "' trailer at the end"
                    + " (" + size + " bytes of SQL)");
        }
        if (format == BackupFormat.MYSQL_DUMP) {
            if (!lines.isEmpty() && lines.get(0).startsWith("-- Dump completed")) {
                return "completion trailer present (" + size + " bytes of SQL)";
            }
            if (!head.contains("-- MariaDB dump") && !head.contains("-- MySQL dump")) {
                throw new UnsupportedBackupException("trailer-omitted", "the dump has none of the comments its tool"
                        + " writes by default: written with --skip-comments or --compact, it carries no '-- Dump"
                        + " completed' trailer, so a complete dump cannot be told from a cut one (" + size
                        + " bytes of SQL); dump without those options to make it verifiable");
            }
            throw new CorruptBackupException("trailer-missing",
                    "incomplete: no '-- Dump completed' trailer at the end ("
                    + size + " bytes of SQL)");
        }
        throw new IllegalArgumentException("no trailer known for " + format);
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
