package io.maintkit.runbook;

import io.maintkit.core.Check;
import io.maintkit.postgres.PostgresHealth;
import io.maintkit.postgres.TableRetention;
import io.maintkit.postgres.VacuumPlanner;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The PostgreSQL entries; loaded only when the host hands over a PostgreSQL data source or retention. */
final class PostgresParts {

    /** A quoted identifier that needs no quotes, as an operator writes it: {@code "public"} is {@code public}. */
    private static final Pattern SIMPLE_QUOTED = Pattern.compile("\"([a-z_][a-z0-9_]*)\"");

    private PostgresParts() {
    }

    static List<Part> of(DataSource dataSource) {
        List<Check> health = PostgresHealth.on(dataSource).checks();
        return List.of(
                Part.checks(StandardRunbook.DAILY, "PostgreSQL health (" + Part.ids(health) + ")",
                        "settings, connections, replication, wraparound, vacuum and analyze freshness, bloat, "
                                + "indexes, sequences, queries and size, with each check's defaults; read-only",
                        health),
                Part.task(StandardRunbook.WEEKLY, "vacuum and analyze (PostgreSQL)",
                        "VACUUM (FREEZE) before wraparound, VACUUM (ANALYZE) where dead tuples exceed the "
                                + "autovacuum trigger, ANALYZE of stale tables, REINDEX CONCURRENTLY of invalid or "
                                + "bloated indexes; each with a lock timeout of "
                                + VacuumPlanner.DEFAULT_LOCK_TIMEOUT.toSeconds() + " s, retried while the window lasts",
                        VacuumPlanner.on(dataSource)::plan));
    }

    static Part retention(TableRetention retention) {
        return Part.retention(SIMPLE_QUOTED.matcher(retention.asAction().target()).replaceAll("$1"), retention::plan);
    }
}
