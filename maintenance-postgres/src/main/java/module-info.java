/**
 * PostgreSQL inspection and maintenance: bloat, the health checks and their suite, vacuum planning and table
 * retention with an exactly-once archive.
 */
module io.maintkit.postgres {
    requires transitive io.maintkit.core;
    requires transitive java.sql;
    requires static transitive io.maintkit.backup;
    requires org.postgresql.jdbc;

    exports io.maintkit.postgres;
}
