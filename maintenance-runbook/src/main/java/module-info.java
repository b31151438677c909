/**
 * The standard runbook: daily, weekly and monthly tiers of maintkit's checks and maintenance plans, built from the
 * engines a host hands over. Every engine module is optional: a host puts on its path the ones it uses.
 */
module io.maintkit.runbook {
    requires transitive io.maintkit.core;
    requires transitive java.sql;
    requires static transitive io.maintkit.postgres;
    requires static transitive io.maintkit.mysql;
    requires static transitive io.maintkit.redis;
    requires static transitive io.maintkit.certs;
    requires static transitive io.maintkit.backup;

    exports io.maintkit.runbook;
}
