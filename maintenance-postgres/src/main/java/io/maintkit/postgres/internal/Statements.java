package io.maintkit.postgres.internal;

/** Short statement texts; longer ones are resources read through {@link Sql}. */
public final class Statements {

    private Statements() {
    }

    /** Sets the session's limits for this transaction only and reads what every inspection needs to know. */
    public static final String SESSION_START = """
            SELECT pg_catalog.set_config('statement_timeout', ?, true) AS statement_timeout,
                   pg_catalog.set_config('lock_timeout', ?, true) AS lock_timeout,
                   pg_catalog.set_config('application_name', ?, true) AS application_name,
                   pg_catalog.current_setting('server_version_num')::int AS version_num,
                   pg_catalog.current_database() AS database,
                   (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) AS superuser,
                   pg_catalog.pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS reads_all_stats""";

    /** The installed version of an extension in the current database; no row when absent. */
    public static final String EXTENSION_VERSION =
            "SELECT e.extversion, n.nspname FROM pg_catalog.pg_extension e "
            + "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = ?";

    /** Current values of settings by name. */
    public static final String SETTINGS =
            "SELECT name, setting, unit, source FROM pg_catalog.pg_settings WHERE name = ANY (?::text[])";

    /** Takes the session-level lock that keeps two retention runs off one table; parameter: the table's oid. */
    public static final String RETENTION_LOCK = "SELECT pg_catalog.pg_try_advisory_lock("
            + "pg_catalog.hashtext('maintkit.retention'), (?::bigint % 2147483647)::int) AS locked";

    /** Releases {@link #RETENTION_LOCK}. */
    public static final String RETENTION_UNLOCK = "SELECT pg_catalog.pg_advisory_unlock("
            + "pg_catalog.hashtext('maintkit.retention'), (?::bigint % 2147483647)::int) AS unlocked";

    /** Whether a transaction committed: committed, aborted, in progress, or NULL when no longer known. */
    public static final String TRANSACTION_STATUS = "SELECT pg_catalog.txid_status(?::bigint) AS status";
}
