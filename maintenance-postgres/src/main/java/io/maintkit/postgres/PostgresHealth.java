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

    private final BloatInspector bloat;
    private final VacuumCheck vacuum;
    private final AnalyzeCheck analyze;
    private final WraparoundCheck wraparound;
    private final IndexCheck indexes;
    private final SequenceCheck sequences;
    private final ConnectionCheck connections;
    private final ReplicationCheck replication;
    private final QueryCheck queries;
    private final SizeCheck size;
    private final SettingsCheck settings;

    private PostgresHealth(BloatInspector bloat, VacuumCheck vacuum, AnalyzeCheck analyze, WraparoundCheck wraparound,
                           IndexCheck indexes, SequenceCheck sequences, ConnectionCheck connections,
                           ReplicationCheck replication, QueryCheck queries, SizeCheck size,
                           SettingsCheck settings) {
        this.bloat = Objects.requireNonNull(bloat);
        this.vacuum = Objects.requireNonNull(vacuum);
        this.analyze = Objects.requireNonNull(analyze);
        this.wraparound = Objects.requireNonNull(wraparound);
        this.indexes = Objects.requireNonNull(indexes);
        this.sequences = Objects.requireNonNull(sequences);
        this.connections = Objects.requireNonNull(connections);
        this.replication = Objects.requireNonNull(replication);
        this.queries = Objects.requireNonNull(queries);
        this.size = Objects.requireNonNull(size);
        this.settings = Objects.requireNonNull(settings);
    }

    /** Every check with its defaults, borrowing connections from {@code dataSource}. */
    public static PostgresHealth on(DataSource dataSource) {
        return new PostgresHealth(BloatInspector.on(dataSource), VacuumCheck.on(dataSource),
                AnalyzeCheck.on(dataSource), WraparoundCheck.on(dataSource), IndexCheck.on(dataSource),
                SequenceCheck.on(dataSource), ConnectionCheck.on(dataSource), ReplicationCheck.on(dataSource),
                QueryCheck.on(dataSource), SizeCheck.on(dataSource), SettingsCheck.on(dataSource));
    }

    private PostgresHealth all(Shared change) {
        return new PostgresHealth(change.apply(bloat), change.apply(vacuum), change.apply(analyze),
                change.apply(wraparound), change.apply(indexes), change.apply(sequences), change.apply(connections),
                change.apply(replication), change.apply(queries), change.apply(size), change.apply(settings));
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
        return new PostgresHealth(change.apply(bloat), vacuum, analyze, wraparound, indexes, sequences, connections,
                replication, queries, size, settings);
    }

    /** This suite with the vacuum check adjusted. */
    public PostgresHealth vacuum(UnaryOperator<VacuumCheck> change) {
        return new PostgresHealth(bloat, change.apply(vacuum), analyze, wraparound, indexes, sequences, connections,
                replication, queries, size, settings);
    }

    /** This suite with the analyze check adjusted. */
    public PostgresHealth analyze(UnaryOperator<AnalyzeCheck> change) {
        return new PostgresHealth(bloat, vacuum, change.apply(analyze), wraparound, indexes, sequences, connections,
                replication, queries, size, settings);
    }

    /** This suite with the wraparound check adjusted. */
    public PostgresHealth wraparound(UnaryOperator<WraparoundCheck> change) {
        return new PostgresHealth(bloat, vacuum, analyze, change.apply(wraparound), indexes, sequences, connections,
                replication, queries, size, settings);
    }

    /** This suite with the index check adjusted. */
    public PostgresHealth indexes(UnaryOperator<IndexCheck> change) {
        return new PostgresHealth(bloat, vacuum, analyze, wraparound, change.apply(indexes), sequences, connections,
                replication, queries, size, settings);
    }

    /** This suite with the sequence check adjusted. */
    public PostgresHealth sequences(UnaryOperator<SequenceCheck> change) {
        return new PostgresHealth(bloat, vacuum, analyze, wraparound, indexes, change.apply(sequences), connections,
                replication, queries, size, settings);
    }

    /** This suite with the connection check adjusted. */
    public PostgresHealth connections(UnaryOperator<ConnectionCheck> change) {
        return new PostgresHealth(bloat, vacuum, analyze, wraparound, indexes, sequences, change.apply(connections),
                replication, queries, size, settings);
    }

    /** This suite with the replication check adjusted. */
    public PostgresHealth replication(UnaryOperator<ReplicationCheck> change) {
        return new PostgresHealth(bloat, vacuum, analyze, wraparound, indexes, sequences, connections,
                change.apply(replication), queries, size, settings);
    }

    /** This suite with the query check adjusted. */
    public PostgresHealth queries(UnaryOperator<QueryCheck> change) {
        return new PostgresHealth(bloat, vacuum, analyze, wraparound, indexes, sequences, connections, replication,
                change.apply(queries), size, settings);
    }

    /** This suite with the size check adjusted. */
    public PostgresHealth size(UnaryOperator<SizeCheck> change) {
        return new PostgresHealth(bloat, vacuum, analyze, wraparound, indexes, sequences, connections, replication,
                queries, change.apply(size), settings);
    }

    /** This suite with the settings check adjusted. */
    public PostgresHealth settings(UnaryOperator<SettingsCheck> change) {
        return new PostgresHealth(bloat, vacuum, analyze, wraparound, indexes, sequences, connections, replication,
                queries, size, change.apply(settings));
    }

    BloatInspector bloat() {
        return bloat;
    }

    VacuumCheck vacuum() {
        return vacuum;
    }

    AnalyzeCheck analyze() {
        return analyze;
    }

    WraparoundCheck wraparound() {
        return wraparound;
    }

    IndexCheck indexes() {
        return indexes;
    }

    /** The eleven checks, in a stable order. */
    public List<Check> checks() {
        return List.of(settings.asCheck(), connections.asCheck(), replication.asCheck(), wraparound.asCheck(),
                vacuum.asCheck(), analyze.asCheck(), bloat.asCheck(), indexes.asCheck(), sequences.asCheck(),
                queries.asCheck(), size.asCheck());
    }

    /**
     * The checks as a suite named {@value #SUITE_NAME}, each with a timeout a little above its statement timeout.
     */
    public Suite suite() {
        Duration statementTimeout = bloat.context.session().statementTimeout();
        return Suite.of(SUITE_NAME, checks()).withTimeout(statementTimeout.multipliedBy(3).plusSeconds(5));
    }
}
