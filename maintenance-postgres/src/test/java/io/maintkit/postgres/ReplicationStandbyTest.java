package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maintkit.core.DataSize;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.ReplicationReport.ReplicationLag;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.PostgresServer;
import io.maintkit.testkit.PostgresSettings;
import io.maintkit.testkit.PostgresStandby;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@code postgres.replication} against a real standby made with {@code pg_basebackup -R} from an embedded primary:
 * a standby that keeps up, then one whose replay is paused while the primary writes (lag in bytes and time, seen from
 * both ends), then a slot whose standby is gone.
 */
class ReplicationStandbyTest {

    private static final String SLOT = "maintkit_standby";
    private static final Threshold<DataSize> ONE_MIB = Threshold.above(DataSize.ofMegabytes(1),
            DataSize.ofGigabytes(1));
    private static final Threshold<Duration> TENTH_OF_A_SECOND = Threshold.above(Duration.ofMillis(100),
            Duration.ofHours(1));

    @Test
    void lagPausedReplayAndInactiveSlotOnARealStandby() throws Exception {
        assumeTrue(PostgresStandby.baseBackupClient(Pg.major()).isPresent(), "pg_basebackup of PostgreSQL "
                + Pg.major() + " is not installed (Debian package postgresql-client-" + Pg.major() + ")");
        try (PostgresServer primary = PostgresEngine.start(PostgresSettings.defaults())) {
            DataSource p = primary.dataSource();
            Pg.exec(p, "CREATE TABLE feed (id bigint, pad text)");
            try (PostgresStandby standby = PostgresStandby.start(primary, SLOT)) {
                DataSource s = standby.dataSource();
                // a transaction replayed by the standby: the time of the last one replayed dates the lag
                Pg.exec(p, "INSERT INTO feed VALUES (0, 'first')");
                await(() -> Pg.number(s, "SELECT count(*) FROM feed") == 1, "the standby replays the first row");

                ReplicationReport primaryView = ReplicationCheck.on(p).inspect();
                assertThat(primaryView.standby()).isFalse();
                assertThat(primaryView.lags()).singleElement().satisfies(l -> {
                    assertThat(l.state()).isEqualTo("streaming");
                    assertThat(l.severity()).isEqualTo(Severity.OK);
                });
                assertThat(primaryView.slots()).singleElement().satisfies(slot -> {
                    assertThat(slot.name()).isEqualTo(SLOT);
                    assertThat(slot.active()).isTrue();
                });
                assertThat(Pg.above(primaryView, Severity.INFO)).isEmpty();
                ReplicationReport standbyView = ReplicationCheck.on(s).inspect();
                assertThat(standbyView.standby()).isTrue();
                assertThat(standbyView.replayPaused()).isFalse();
                assertThat(standbyView.findings()).singleElement().satisfies(f -> {
                    assertThat(f.kind()).isEqualTo("replication-lag");
                    assertThat(f.severity()).isEqualTo(Severity.INFO);
                });

                // replay stopped while the primary writes some 10 MB of WAL
                Pg.exec(s, "SELECT pg_wal_replay_pause()");
                Pg.exec(p, "INSERT INTO feed SELECT g, repeat('x', 500) FROM generate_series(1, 20000) g");
                await(() -> Pg.number(s, "SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())")
                        > DataSize.ofMegabytes(4).bytes(), "the standby receives what it does not replay");
                Thread.sleep(200);

                ReplicationReport paused = ReplicationCheck.on(s).lagBytes(ONE_MIB).lagTime(TENTH_OF_A_SECOND)
                        .inspect();
                assertThat(paused.replayPaused()).isTrue();
                assertThat(Pg.about(paused, paused.database(), "replay-paused")).singleElement()
                        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
                ReplicationLag behind = paused.lags().get(0);
                assertThat(behind.bytes().bytes()).isGreaterThan(DataSize.ofMegabytes(4).bytes());
                assertThat(behind.time()).hasValueSatisfying(t -> assertThat(t).isGreaterThan(Duration.ofMillis(100)));
                assertThat(behind.severity()).isEqualTo(Severity.WARNING);
                assertThat(Pg.about(paused, paused.database(), "replication-lag")).singleElement()
                        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
                // the primary sees the same standby behind, in bytes
                await(() -> lagSeenByPrimary(p) > DataSize.ofMegabytes(4).bytes(), "the primary sees the lag");
                ReplicationReport primaryBehind = ReplicationCheck.on(p).lagBytes(ONE_MIB).inspect();
                assertThat(primaryBehind.lags()).singleElement()
                        .satisfies(l -> assertThat(l.severity()).isEqualTo(Severity.WARNING));
                assertThat(primaryBehind.findings()).extracting(f -> f.kind()).containsExactly("replication-lag");

                Pg.exec(s, "SELECT pg_wal_replay_resume()");
                await(() -> Pg.number(s, "SELECT count(*) FROM feed") == 20001, "the standby catches up");
                assertThat(Pg.above(ReplicationCheck.on(s).lagBytes(ONE_MIB).inspect(), Severity.INFO)).isEmpty();
            }

            // the standby is gone; its slot stays and holds WAL back
            await(() -> Pg.number(p, "SELECT count(*) FROM pg_replication_slots WHERE NOT active") == 1,
                    "the slot turns inactive");
            ReplicationReport orphaned = ReplicationCheck.on(p).inspect();
            assertThat(orphaned.lags()).isEmpty();
            assertThat(orphaned.slots()).singleElement().satisfies(slot -> assertThat(slot.active()).isFalse());
            assertThat(Pg.about(orphaned, "slot " + SLOT)).singleElement().satisfies(f -> {
                assertThat(f.kind()).isEqualTo("slot-inactive");
                assertThat(f.severity()).isEqualTo(Severity.WARNING);
            });
            Pg.exec(p, "SELECT pg_drop_replication_slot('" + SLOT + "')");
        }
    }

    private static double lagSeenByPrimary(DataSource primary) {
        return Pg.number(primary, "SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), 0)"
                + " FROM pg_stat_replication");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
