/**
 * The shared model of maintkit: severities, findings, checks and suites, thresholds and units, maintenance plans
 * and windows, retention policies, file retention, the disk-space check and the archive sink of table retention.
 *
 * <p>{@code io.maintkit.core.internal} holds what maintkit's own modules share; it is not API and is exported to
 * them only.
 */
module io.maintkit.core {
    requires transitive org.slf4j;
    requires java.sql;

    exports io.maintkit.core;
    exports io.maintkit.core.internal to
            io.maintkit.postgres, io.maintkit.mysql, io.maintkit.redis, io.maintkit.certs, io.maintkit.backup,
            io.maintkit.test;
}
