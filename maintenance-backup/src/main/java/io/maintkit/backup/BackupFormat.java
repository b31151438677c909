package io.maintkit.backup;

/** The formats maintkit recognises by their first bytes and walks to their end. */
public enum BackupFormat {
    /** {@code pg_dump -Fc}: header, table of contents and every data block (compression none or gzip). */
    POSTGRES_CUSTOM("PostgreSQL custom-format archive"),
    /** {@code pg_dump} plain SQL, checked for its completion trailer. */
    POSTGRES_PLAIN("PostgreSQL plain SQL dump"),
    /** A {@code pg_basebackup} {@code backup_manifest}: its own checksum, then every listed file. */
    POSTGRES_BASE_BACKUP("PostgreSQL base backup manifest"),
    /** {@code mariadb-dump}/{@code mysqldump} SQL, checked for its completion trailer. */
    MYSQL_DUMP("MariaDB/MySQL dump"),
    /** A Redis RDB snapshot: magic, version and CRC-64 trailer. */
    REDIS_RDB("Redis RDB snapshot"),
    /** gzip: every member inflated, CRC-32 and length checked; a SQL dump inside is checked for its trailer. */
    GZIP("gzip"),
    /** None of the above: only a checksum can vouch for it. */
    UNRECOGNIZED("unrecognised format");

    private final String label;

    BackupFormat(String label) {
        this.label = label;
    }

    /** The format as an operator names it. */
    public String label() {
        return label;
    }
}
