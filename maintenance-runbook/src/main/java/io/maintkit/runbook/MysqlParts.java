package io.maintkit.runbook;

import io.maintkit.core.Check;
import io.maintkit.mysql.MysqlHealth;
import io.maintkit.mysql.TableOptimizer;
import io.maintkit.mysql.TableRetention;

import java.util.List;
import javax.sql.DataSource;

/** The MariaDB/MySQL entries; loaded only when the host hands over a MariaDB or MySQL data source. */
final class MysqlParts {

    private MysqlParts() {
    }

    static List<Part> of(DataSource dataSource) {
        List<Check> health = MysqlHealth.on(dataSource).checks();
        return List.of(
                Part.checks(StandardRunbook.DAILY, "MariaDB/MySQL health (" + Part.ids(health) + ")",
                        "fragmentation, indexes, auto-increment headroom, connections, replication, binary logs, "
                                + "buffer pool and queries, with each check's defaults; read-only",
                        health),
                Part.task(StandardRunbook.WEEKLY, "optimize (MariaDB/MySQL)",
                        "online rebuild (ALTER TABLE ... FORCE, LOCK=NONE) of fragmented tables and ANALYZE TABLE of "
                                + "stale statistics; each attempt "
                                + "waits at most " + TableOptimizer.DEFAULT_LOCK_TIMEOUT.toSeconds()
                                + " s for its metadata lock; MyISAM/Aria OPTIMIZE blocks, so only inside the window",
                        TableOptimizer.on(dataSource)::plan));
    }

    static Part retention(TableRetention retention) {
        return Part.retention(retention.asAction().target(), retention::plan);
    }
}
