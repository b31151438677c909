package io.maintkit.postgres;

import io.maintkit.core.Check;
import io.maintkit.core.Suite;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Every PostgreSQL check of this package as one {@link Suite}, for a host's scheduler or health endpoint.
 *
 * <pre>{@code
 * Suite suite = PostgresHealth.on(dataSource)
 *         .target("db-1/app")
 *         .schemas("public", "billing")
 *         .bloat(b -> b.minimumSize(DataSize.ofMegabytes(50)))
 *         .connections(c -> c.idleInTransaction(Threshold.above(Duration.ofMinutes(1), Duration.ofMinutes(10))))
 *         .suite();
 * SuiteResult result = suite.run();
 * }</pre>
 *
 * <p>The shared settings ({@link #target}, {@link #session}, {@link #schemas}, {@link #exclude}) apply to every
 * check; the per-check methods then adjust one check. Immutable: each method returns a new instance.
 */
public final class PostgresHealth {

    /** The suite's name. */
    public static final String SUITE_NAME = "postgres";

    private final Checks checks;

    /** The checks; each wither returns new checks with one replaced. */
    private record Checks(BloatInspector bloat, VacuumCheck vacuum, AnalyzeCheck analyze, WraparoundCheck wraparound,
                          IndexCheck indexes, SequenceCheck sequences, ConnectionCheck connections,
                          ReplicationCheck replication, QueryCheck queries, SizeCheck size, SettingsCheck settings,
                          SecurityCheck security) {

        Checks {
            Objects.requireNonNull(bloat, "bloat");
            Objects.requireNonNull(vacuum, "vacuum");
            Objects.requireNonNull(analyze, "analyze");
            Objects.requireNonNull(wraparound, "wraparound");
            Objects.requireNonNull(indexes, "indexes");
            Objects.requireNonNull(sequences, "sequences");
            Objects.requireNonNull(connections, "connections");
            Objects.requireNonNull(replication, "replication");
            Objects.requireNonNull(queries, "queries");
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(security, "security");
        }

        Checks withBloat(BloatInspector changed) {
            return new Checks(changed, vacuum, analyze, wraparound, indexes, sequences, connections, replication,
                    queries, size, settings, security);
        }

        Checks withVacuum(VacuumCheck changed) {
            return new Checks(bloat, changed, analyze, wraparound, indexes, sequences, connections, replication,
                    queries, size, settings, security);
        }

        Checks withAnalyze(AnalyzeCheck changed) {
            return new Checks(bloat, vacuum, changed, wraparound, indexes, sequences, connections, replication,
                    queries, size, settings, security);
        }

        Checks withWraparound(WraparoundCheck changed) {
            return new Checks(bloat, vacuum, analyze, changed, indexes, sequences, connections, replication, queries,
                    size, settings, security);
        }

        Checks withIndexes(IndexCheck changed) {
            return new Checks(bloat, vacuum, analyze, wraparound, changed, sequences, connections, replication,
                    queries, size, settings, security);
        }

        Checks withSequences(SequenceCheck changed) {
            return new Checks(bloat, vacuum, analyze, wraparound, indexes, changed, connections, replication, queries,
                    size, settings, security);
        }

        Checks withConnections(ConnectionCheck changed) {
            return new Checks(bloat, vacuum, analyze, wraparound, indexes, sequences, changed, replication, queries,
                    size, settings, security);
        }

        Checks withReplication(ReplicationCheck changed) {
            return new Checks(bloat, vacuum, analyze, wraparound, indexes, sequences, connections, changed, queries,
                    size, settings, security);
        }

        Checks withQueries(QueryCheck changed) {
            return new Checks(bloat, vacuum, analyze, wraparound, indexes, sequences, connections, replication,
                    changed, size, settings, security);
        }

        Checks withSize(SizeCheck changed) {
            return new Checks(bloat, vacuum, analyze, wraparound, indexes, sequences, connections, replication,
                    queries, changed, settings, security);
        }

        Checks withSettings(SettingsCheck changed) {
            return new Checks(bloat, vacuum, analyze, wraparound, indexes, sequences, connections, replication,
                    queries, size, changed, security);
        }

        Checks withSecurity(SecurityCheck changed) {
            return new Checks(bloat, vacuum, analyze, wraparound, indexes, sequences, connections, replication,
                    queries, size, settings, changed);
        }
    }

    private PostgresHealth(Checks checks) {
        this.checks = checks;
    }

    /** Every check with its defaults, borrowing connections from {@code dataSource}. */
    public static PostgresHealth on(DataSource dataSource) {
        return new PostgresHealth(new Checks(BloatInspector.on(dataSource), VacuumCheck.on(dataSource),
                AnalyzeCheck.on(dataSource), WraparoundCheck.on(dataSource), IndexCheck.on(dataSource),
                SequenceCheck.on(dataSource), ConnectionCheck.on(dataSource), ReplicationCheck.on(dataSource),
                QueryCheck.on(dataSource), SizeCheck.on(dataSource), SettingsCheck.on(dataSource),
                SecurityCheck.on(dataSource)));
    }

    private PostgresHealth all(Shared change) {
        Checks c = checks;
        return new PostgresHealth(new Checks(change.apply(c.bloat()), change.apply(c.vacuum()),
                change.apply(c.analyze()), change.apply(c.wraparound()), change.apply(c.indexes()),
                change.apply(c.sequences()), change.apply(c.connections()), change.apply(c.replication()),
                change.apply(c.queries()), change.apply(c.size()), change.apply(c.settings()),
                change.apply(c.security())));
    }

    /** A change applied to every check alike. */
    private interface Shared {
        <S extends PostgresInspection<S, ?>> S apply(S inspection);
    }

    /** Every check naming its target so in results (e.g. {@code db-1/app}); never put credentials here. */
    public PostgresHealth target(String name) {
        return all(new Shared() {
            @Override
            public <S extends PostgresInspection<S, ?>> S apply(S i) {
                return i.target(name);
            }
        });
    }

    /** Every check with these session limits. */
    public PostgresHealth session(SessionSettings session) {
        return all(new Shared() {
            @Override
            public <S extends PostgresInspection<S, ?>> S apply(S i) {
                return i.session(session);
            }
        });
    }

    /** Every check naming its sessions so ({@code application_name}, default {@code maintkit}). */
    public PostgresHealth applicationName(String name) {
        return all(new Shared() {
            @Override
            public <S extends PostgresInspection<S, ?>> S apply(S i) {
                return i.session(i.context.session().withApplicationName(name));
            }
        });
    }

    /** Every check limited to these schemas. */
    public PostgresHealth schemas(String... names) {
        return all(new Shared() {
            @Override
            public <S extends PostgresInspection<S, ?>> S apply(S i) {
                return i.schemas(names);
            }
        });
    }

    /** Every check skipping relations matching these patterns (see {@link PostgresInspection#exclude}). */
    public PostgresHealth exclude(String... patterns) {
        return all(new Shared() {
            @Override
            public <S extends PostgresInspection<S, ?>> S apply(S i) {
                return i.exclude(patterns);
            }
        });
    }

    /** This suite with the bloat inspector adjusted. */
    public PostgresHealth bloat(UnaryOperator<BloatInspector> change) {
        return new PostgresHealth(checks.withBloat(change.apply(checks.bloat())));
    }

    /** This suite with the vacuum check adjusted. */
    public PostgresHealth vacuum(UnaryOperator<VacuumCheck> change) {
        return new PostgresHealth(checks.withVacuum(change.apply(checks.vacuum())));
    }

    /** This suite with the analyze check adjusted. */
    public PostgresHealth analyze(UnaryOperator<AnalyzeCheck> change) {
        return new PostgresHealth(checks.withAnalyze(change.apply(checks.analyze())));
    }

    /** This suite with the wraparound check adjusted. */
    public PostgresHealth wraparound(UnaryOperator<WraparoundCheck> change) {
        return new PostgresHealth(checks.withWraparound(change.apply(checks.wraparound())));
    }

    /** This suite with the index check adjusted. */
    public PostgresHealth indexes(UnaryOperator<IndexCheck> change) {
        return new PostgresHealth(checks.withIndexes(change.apply(checks.indexes())));
    }

    /** This suite with the sequence check adjusted. */
    public PostgresHealth sequences(UnaryOperator<SequenceCheck> change) {
        return new PostgresHealth(checks.withSequences(change.apply(checks.sequences())));
    }

    /** This suite with the connection check adjusted. */
    public PostgresHealth connections(UnaryOperator<ConnectionCheck> change) {
        return new PostgresHealth(checks.withConnections(change.apply(checks.connections())));
    }

    /** This suite with the replication check adjusted. */
    public PostgresHealth replication(UnaryOperator<ReplicationCheck> change) {
        return new PostgresHealth(checks.withReplication(change.apply(checks.replication())));
    }

    /** This suite with the query check adjusted. */
    public PostgresHealth queries(UnaryOperator<QueryCheck> change) {
        return new PostgresHealth(checks.withQueries(change.apply(checks.queries())));
    }

    /** This suite with the size check adjusted. */
    public PostgresHealth size(UnaryOperator<SizeCheck> change) {
        return new PostgresHealth(checks.withSize(change.apply(checks.size())));
    }

    /** This suite with the settings check adjusted. */
    public PostgresHealth settings(UnaryOperator<SettingsCheck> change) {
        return new PostgresHealth(checks.withSettings(change.apply(checks.settings())));
    }

    /** This suite with the security check adjusted. */
    public PostgresHealth security(UnaryOperator<SecurityCheck> change) {
        return new PostgresHealth(checks.withSecurity(change.apply(checks.security())));
    }

    BloatInspector bloat() {
        return checks.bloat();
    }

    VacuumCheck vacuum() {
        return checks.vacuum();
    }

    AnalyzeCheck analyze() {
        return checks.analyze();
    }

    WraparoundCheck wraparound() {
        return checks.wraparound();
    }

    IndexCheck indexes() {
        return checks.indexes();
    }

    /** The twelve checks, in a stable order. */
    public List<Check> checks() {
        Checks c = checks;
        return List.of(c.settings().asCheck(), c.security().asCheck(), c.connections().asCheck(),
                c.replication().asCheck(), c.wraparound().asCheck(), c.vacuum().asCheck(), c.analyze().asCheck(),
                c.bloat().asCheck(), c.indexes().asCheck(), c.sequences().asCheck(), c.queries().asCheck(),
                c.size().asCheck());
    }

    /**
     * The checks as a suite named {@value #SUITE_NAME}, each with a timeout a little above its statement timeout.
     */
    public Suite suite() {
        Duration statementTimeout = checks.bloat().context.session().statementTimeout();
        return Suite.of(SUITE_NAME, checks()).timeout(statementTimeout.multipliedBy(3).plusSeconds(5));
    }
}
