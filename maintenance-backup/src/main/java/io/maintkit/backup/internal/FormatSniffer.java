package io.maintkit.backup.internal;

import io.maintkit.backup.BackupFormat;

import java.nio.charset.StandardCharsets;

/** Tells formats apart by their first bytes. */
public final class FormatSniffer {

    /** How many leading bytes the sniffer wants to see. */
    public static final int HEAD = 4096;

    private FormatSniffer() {
    }

    /** The format of a file whose first bytes are {@code head[0..length)}. */
    public static BackupFormat sniff(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return BackupFormat.GZIP;
        }
        String text = new String(head, 0, Math.min(length, HEAD), StandardCharsets.ISO_8859_1);
        if (text.startsWith("PGDMP")) {
            return BackupFormat.POSTGRES_CUSTOM;
        }
        if (text.startsWith("REDIS")) {
            return BackupFormat.REDIS_RDB;
        }
        return sniffText(text);
    }

    /** The format of SQL text (also used for what a gzip file holds). */
    public static BackupFormat sniffText(String text) {
        if (text.stripLeading().startsWith("{") && text.contains("\"PostgreSQL-Backup-Manifest-Version\"")) {
            return BackupFormat.POSTGRES_BASE_BACKUP;
        }
        if (text.contains("-- PostgreSQL database dump") || text.contains("-- PostgreSQL database cluster dump")) {
            return BackupFormat.POSTGRES_PLAIN;
        }
        if (text.startsWith("-- MariaDB dump") || text.startsWith("-- MySQL dump")
                || text.startsWith("/*M!999999\\- enable the sandbox mode */")
                || text.startsWith("/*!40101 SET ")) {
            return BackupFormat.MYSQL_DUMP;
        }
        return BackupFormat.UNRECOGNIZED;
    }
}
