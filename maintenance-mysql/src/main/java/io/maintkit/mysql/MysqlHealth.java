package io.maintkit.mysql;

import io.maintkit.core.Check;
import io.maintkit.core.Suite;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Every MariaDB/MySQL check of this package as one {@link Suite}, for a host's scheduler or health endpoint.
 *
 * <pre>{@code
 * Suite suite = MysqlHealth.on(dataSource)
 *         .target("db-1")
 *         .schemas("shop")
 *         .fragmentation(f -> f.thresholds(Threshold.both(
 *                 Threshold.above(DataSize.ofMegabytes(500), DataSize.ofGigabytes(5)),
 *                 Threshold.above(Percent.of(20), Percent.of(50)))))
 *         .suite();
 * SuiteResult result = suite.run();
 * }</pre>
 *
 * <p>The shared settings ({@link #target}, {@link #session}, {@link #schemas}, {@link #exclude}) apply to every
 * check; the per-check methods then adjust one check. Immutable: each method returns a new instance.
 */
public final class MysqlHealth {

    /** The suite's name. */
    public static final String SUITE_NAME = "mysql";

    private final Checks checks;

    /** The ten checks, held together so that a change to one makes a new set. */
    private record Checks(SettingsCheck settings, ConnectionCheck connections, ReplicationCheck replication,
                          BinlogCheck binlogs, BufferPoolCheck bufferPool, FragmentationCheck fragmentation,
                          IndexCheck indexes, AutoIncrementCheck autoIncrement, QueryCheck queries,
                          SecurityCheck security) {
        Checks {
            Objects.requireNonNull(settings);
            Objects.requireNonNull(connections);
            Objects.requireNonNull(replication);
            Objects.requireNonNull(binlogs);
            Objects.requireNonNull(bufferPool);
            Objects.requireNonNull(fragmentation);
            Objects.requireNonNull(indexes);
            Objects.requireNonNull(autoIncrement);
            Objects.requireNonNull(queries);
            Objects.requireNonNull(security);
        }

        Checks all(Shared c) {
            return new Checks(c.apply(settings), c.apply(connections), c.apply(replication), c.apply(binlogs),
                    c.apply(bufferPool), c.apply(fragmentation), c.apply(indexes), c.apply(autoIncrement),
                    c.apply(queries), c.apply(security));
        }
    }

    /** A change applied to every check alike. */
    private interface Shared {
        <S extends MysqlInspection<S, ?>> S apply(S inspection);
    }

    private MysqlHealth(Checks checks) {
        this.checks = checks;
    }

    /** Every check with its defaults, borrowing connections from {@code dataSource}. */
    public static MysqlHealth on(DataSource dataSource) {
        return new MysqlHealth(new Checks(SettingsCheck.on(dataSource), ConnectionCheck.on(dataSource),
                ReplicationCheck.on(dataSource), BinlogCheck.on(dataSource), BufferPoolCheck.on(dataSource),
                FragmentationCheck.on(dataSource), IndexCheck.on(dataSource), AutoIncrementCheck.on(dataSource),
                QueryCheck.on(dataSource), SecurityCheck.on(dataSource)));
    }

    /** Every check naming its target so in results (e.g. {@code db-1}); never put credentials here. */
    public MysqlHealth target(String name) {
        return new MysqlHealth(checks.all(new Shared() {
            @Override
            public <S extends MysqlInspection<S, ?>> S apply(S i) {
                return i.target(name);
            }
        }));
    }

    /** Every check with these session limits. */
    public MysqlHealth session(SessionSettings session) {
        return new MysqlHealth(checks.all(new Shared() {
            @Override
            public <S extends MysqlInspection<S, ?>> S apply(S i) {
                return i.session(session);
            }
        }));
    }

    /** Every check limited to these schemas. */
    public MysqlHealth schemas(String... names) {
        return new MysqlHealth(checks.all(new Shared() {
            @Override
            public <S extends MysqlInspection<S, ?>> S apply(S i) {
                return i.schemas(names);
            }
        }));
    }

    /** Every check skipping tables matching these patterns (see {@link MysqlInspection#exclude}). */
    public MysqlHealth exclude(String... patterns) {
        return new MysqlHealth(checks.all(new Shared() {
            @Override
            public <S extends MysqlInspection<S, ?>> S apply(S i) {
                return i.exclude(patterns);
            }
        }));
    }

    /** This suite with the fragmentation check adjusted. */
    public MysqlHealth fragmentation(UnaryOperator<FragmentationCheck> change) {
        Checks c = checks;
        return new MysqlHealth(new Checks(c.settings, c.connections, c.replication, c.binlogs, c.bufferPool,
                change.apply(c.fragmentation), c.indexes, c.autoIncrement, c.queries, c.security));
    }

    /** This suite with the index check adjusted. */
    public MysqlHealth indexes(UnaryOperator<IndexCheck> change) {
        Checks c = checks;
        return new MysqlHealth(new Checks(c.settings, c.connections, c.replication, c.binlogs, c.bufferPool,
                c.fragmentation, change.apply(c.indexes), c.autoIncrement, c.queries, c.security));
    }

    /** This suite with the auto-increment check adjusted. */
    public MysqlHealth autoIncrement(UnaryOperator<AutoIncrementCheck> change) {
        Checks c = checks;
        return new MysqlHealth(new Checks(c.settings, c.connections, c.replication, c.binlogs, c.bufferPool,
                c.fragmentation, c.indexes, change.apply(c.autoIncrement), c.queries, c.security));
    }

    /** This suite with the connection check adjusted. */
    public MysqlHealth connections(UnaryOperator<ConnectionCheck> change) {
        Checks c = checks;
        return new MysqlHealth(new Checks(c.settings, change.apply(c.connections), c.replication, c.binlogs,
                c.bufferPool, c.fragmentation, c.indexes, c.autoIncrement, c.queries, c.security));
    }

    /** This suite with the replication check adjusted. */
    public MysqlHealth replication(UnaryOperator<ReplicationCheck> change) {
        Checks c = checks;
        return new MysqlHealth(new Checks(c.settings, c.connections, change.apply(c.replication), c.binlogs,
                c.bufferPool, c.fragmentation, c.indexes, c.autoIncrement, c.queries, c.security));
    }

    /** This suite with the binary log check adjusted. */
    public MysqlHealth binlogs(UnaryOperator<BinlogCheck> change) {
        Checks c = checks;
        return new MysqlHealth(new Checks(c.settings, c.connections, c.replication, change.apply(c.binlogs),
                c.bufferPool, c.fragmentation, c.indexes, c.autoIncrement, c.queries, c.security));
    }

    /** This suite with the buffer pool check adjusted. */
    public MysqlHealth bufferPool(UnaryOperator<BufferPoolCheck> change) {
        Checks c = checks;
        return new MysqlHealth(new Checks(c.settings, c.connections, c.replication, c.binlogs,
                change.apply(c.bufferPool), c.fragmentation, c.indexes, c.autoIncrement, c.queries, c.security));
    }

    /** This suite with the query check adjusted. */
    public MysqlHealth queries(UnaryOperator<QueryCheck> change) {
        Checks c = checks;
        return new MysqlHealth(new Checks(c.settings, c.connections, c.replication, c.binlogs, c.bufferPool,
                c.fragmentation, c.indexes, c.autoIncrement, change.apply(c.queries), c.security));
    }

    /** The ten checks, in a stable order. */
    public List<Check> checks() {
        Checks c = checks;
        return List.of(c.settings.asCheck(), c.connections.asCheck(), c.replication.asCheck(), c.binlogs.asCheck(),
                c.bufferPool.asCheck(), c.fragmentation.asCheck(), c.indexes.asCheck(), c.autoIncrement.asCheck(),
                c.queries.asCheck(), c.security.asCheck());
    }

    /** The checks as a suite named {@value #SUITE_NAME}, each with a timeout a little above its statement limit. */
    public Suite suite() {
        Duration statementTimeout = checks.settings.context.session().statementTimeout();
        return Suite.of(SUITE_NAME, checks()).timeout(statementTimeout.multipliedBy(3).plusSeconds(5));
    }
}
