/**
 * MariaDB and MySQL inspection and maintenance: the health checks and their suite, table optimization, binary log
 * retention and table retention with an exactly-once archive. Depends on the JDBC API only: the driver is the host's.
 */
module io.maintkit.mysql {
    requires transitive io.maintkit.core;
    requires transitive java.sql;
    requires static transitive io.maintkit.backup;

    exports io.maintkit.mysql;
}
