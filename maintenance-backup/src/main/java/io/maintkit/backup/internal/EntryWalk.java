package io.maintkit.backup.internal;

import io.maintkit.backup.BackupFormat;
import io.maintkit.backup.BackupStore;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** One pass over one backup: SHA-256 on the reader thread, the format walk on the calling thread. */
public final class EntryWalk {

    /**
     * The pass's result.
     *
     * @param format  the sniffed format
     * @param detail  what the walk saw, or what broke
     * @param failure null when intact; the corruption or the reason it cannot be verified otherwise
     * @param sha256  the SHA-256 in hex; empty when not asked for
     * @param bytes   how many bytes were read
     */
    public record Result(BackupFormat format, String detail, IOException failure, String sha256, long bytes) {

        /** The failure's problem code; empty when intact. */
        public String problem() {
            if (failure instanceof CorruptBackupException c) {
                return c.kind();
            }
            if (failure instanceof UnsupportedBackupException u) {
                return u.kind();
            }
            return failure == null ? "" : "unreadable";
        }
    }

    private EntryWalk() {
    }

    /** Walks the backup {@code name} of {@code store}. I/O errors (not corruption) are thrown. */
    public static Result run(BackupStore store, String name, boolean sha256) throws IOException {
        try (InputStream in = store.open(name)) {
            return run(in, name, sha256, new BaseBackupManifestWalker.Files() {
                @Override
                public InputStream open(String path) throws IOException {
                    return store.open(siblingOf(name, path));
                }

                @Override
                public java.util.Optional<List<String>> list() throws IOException {
                    return store.filesUnder(folderOf(name));
                }
            });
        }
    }

    /** Walks the bytes of {@code in}, a backup named {@code name}. */
    public static Result run(InputStream in, String name, boolean sha256, BaseBackupManifestWalker.Files files)
            throws IOException {
        MessageDigest digest = sha256 ? sha256() : null;
        BackupFormat[] format = {BackupFormat.UNRECOGNIZED};
        StreamPass.Outcome<String> outcome = StreamPass.run(in, digest == null ? List.of() : List.of(digest), src -> {
            byte[] head = new byte[FormatSniffer.HEAD];
            int n = 0;
            if (src.ensure()) {
                n = Math.min(head.length, src.available());
                System.arraycopy(src.buffer(), src.offset(), head, 0, n);
            }
            if (n == 0) {
                throw new CorruptBackupException("empty-file", "empty file");
            }
            format[0] = FormatSniffer.sniff(head, n);
            if (format[0] == BackupFormat.UNRECOGNIZED) {
                format[0] = byName(name);
            }
            return walk(format[0], src, files, name);
        });
        String hex = digest == null ? "" : HexFormat.of().formatHex(digest.digest());
        String detail = outcome.failure() != null ? outcome.failure().getMessage() : outcome.value();
        return new Result(format[0], detail, outcome.failure(), hex, outcome.bytesRead());
    }

    private static String walk(BackupFormat format, ByteSource src, BaseBackupManifestWalker.Files files, String name)
            throws IOException {
        switch (format) {
            case GZIP: {
                SqlText text = new SqlText();
                GzipWalker.Result r = GzipWalker.walk(src, text::accept);
                String gz = r.members() + " gzip member" + (r.members() == 1 ? "" : "s") + ", CRC-32 and length"
                        + " match, " + r.inflated() + " bytes inflated";
                BackupFormat inner = text.format();
                if (inner == BackupFormat.POSTGRES_PLAIN || inner == BackupFormat.MYSQL_DUMP) {
                    try {
                        return gz + "; " + inner.label() + " inside: " + text.check(inner);
                    } catch (CorruptBackupException e) {
                        throw new CorruptBackupException(e.kind(), inner.label() + " inside an intact gzip is "
                                + e.getMessage());
                    } catch (UnsupportedBackupException e) {
                        throw new UnsupportedBackupException(e.kind(), gz + "; but the " + inner.label()
                                + " inside cannot be verified: " + e.getMessage());
                    }
                }
                return gz;
            }
            case POSTGRES_CUSTOM: {
                PgCustomWalker.Result r = PgCustomWalker.walk(src);
                return "archive " + r.archiveVersion() + " by pg_dump " + r.dumpVersion() + " of database "
                        + r.database() + ", " + r.tocEntries() + " TOC entries, " + r.dataBlocks()
                        + " data blocks read to their end (" + r.dataBytes() + " bytes of data), compression "
                        + r.compression();
            }
            case POSTGRES_PLAIN:
            case MYSQL_DUMP: {
                SqlText text = new SqlText();
                while (src.ensure()) {
                    text.accept(src.buffer(), src.offset(), src.available());
                    src.consume(src.available());
                }
                return text.check(format);
            }
            case REDIS_RDB: {
                RdbWalker.Result r = RdbWalker.walk(src);
                return "RDB version " + r.version() + ", CRC-64 matches over " + r.bytes() + " bytes";
            }
            case POSTGRES_BASE_BACKUP: {
                BaseBackupManifestWalker.Result r = BaseBackupManifestWalker.walk(src, files);
                boolean sizesOnly = r.algorithms().equals(java.util.Set.of("NONE"));
                return "manifest version " + r.manifestVersion() + " checksum matches; " + r.files() + " files ("
                        + r.bytes() + " bytes) match their size" + (sizesOnly ? " (the manifest has no file"
                        + " checksums)" : " and " + String.join("/", r.algorithms()) + " checksum") + "; "
                        + (r.unlistedChecked() ? "no unlisted files" : "unlisted files not checked: the store"
                        + " cannot list them") + "; " + r.wal().segments() + " WAL segment"
                        + (r.wal().segments() == 1 ? "" : "s") + " present with valid page headers; "
                        + r.wal().records() + " WAL record" + (r.wal().records() == 1 ? "" : "s")
                        + " decoded with valid length, prev-link and CRC-32C";
            }
            default: {
                long bytes = src.drain();
                if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".sql") && bytes < FormatSniffer.HEAD) {
                    throw new CorruptBackupException("truncated", "truncated: " + bytes
                            + " bytes, too short to hold the header"
                            + " of a SQL dump");
                }
                throw new UnsupportedBackupException("unverifiable-format", "format not recognised (" + bytes
                        + " bytes read): only a"
                        + " checksum can vouch for " + name);
            }
        }
    }

    /** The format a name promises when the first bytes show none: a damaged magic is then corruption. */
    private static BackupFormat byName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".gz") || n.endsWith(".tgz")) {
            return BackupFormat.GZIP;
        }
        if (n.endsWith(".rdb")) {
            return BackupFormat.REDIS_RDB;
        }
        if (n.endsWith(".dump") || n.endsWith(".pgdump")) {
            return BackupFormat.POSTGRES_CUSTOM;
        }
        if (n.endsWith("/backup_manifest") || n.equals("backup_manifest")) {
            return BackupFormat.POSTGRES_BASE_BACKUP;
        }
        return BackupFormat.UNRECOGNIZED;
    }

    /** The folder of a base backup whose manifest is named {@code manifest}; empty for the store's root. */
    static String folderOf(String manifest) {
        int slash = manifest.lastIndexOf('/');
        return slash < 0 ? "" : manifest.substring(0, slash);
    }

    /** The store name of a file listed by a base backup manifest named {@code manifest}. */
    static String siblingOf(String manifest, String path) {
        int slash = manifest.lastIndexOf('/');
        return slash < 0 ? path : manifest.substring(0, slash + 1) + path;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The text of a SQL dump as it streams by: its first and last bytes, and, once the head shows a PostgreSQL
     * script, its <code>&#92;restrict</code> lines.
     */
    private static final class SqlText {
        private final HeadTail text = new HeadTail(FormatSniffer.HEAD);
        private PsqlScript script;
        private boolean decided;

        void accept(byte[] b, int off, int len) {
            if (decided) {
                text.accept(b, off, len);
                if (script != null) {
                    script.accept(b, off, len);
                }
                return;
            }
            int before = text.headLength();
            text.accept(b, off, len);
            if (text.headLength() == FormatSniffer.HEAD) {
                decide();
                if (script != null) {
                    int intoHead = FormatSniffer.HEAD - before;
                    script.accept(b, off + intoHead, len - intoHead);
                }
            }
        }

        private void decide() {
            decided = true;
            if (FormatSniffer.sniffText(text.headText()) == BackupFormat.POSTGRES_PLAIN) {
                script = new PsqlScript();
                script.accept(text.head(), 0, text.headLength());
            }
        }

        BackupFormat format() {
            return FormatSniffer.sniffText(text.headText());
        }

        String check(BackupFormat format) throws IOException {
            if (!decided) {
                decide();
            }
            return SqlTrailer.check(format, text.headText(), text.tailText(), text.total(), script);
        }
    }
}
