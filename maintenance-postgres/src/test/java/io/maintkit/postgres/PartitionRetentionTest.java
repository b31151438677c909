package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.Outcome;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A range-partitioned table: partitions wholly older than the cutoff are archived and dropped, others trimmed. */
class PartitionRetentionTest {

    private static DataSource db;

    @TempDir
    Path dir;

    @BeforeAll
    static void partitions() {
        db = Pg.engine().createDatabase("partition_retention");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String d120 = "'" + now.minus(Duration.ofDays(120)) + "'";
        String d90 = "'" + now.minus(Duration.ofDays(90)) + "'";
        String d60 = "'" + now.minus(Duration.ofDays(60)) + "'";
        String d30 = "'" + now.minus(Duration.ofDays(30)) + "'";
        String next = "'" + now.plus(Duration.ofDays(30)) + "'";
        Pg.exec(db,
                "CREATE TABLE metrics (id bigint NOT NULL, at timestamptz NOT NULL, v text) PARTITION BY RANGE (at)",
                "CREATE INDEX ON metrics (at)",
                "CREATE TABLE metrics_old1 PARTITION OF metrics FOR VALUES FROM (" + d120 + ") TO (" + d90 + ")",
                "CREATE TABLE \"metrics \"\"old2\"\"\" PARTITION OF metrics FOR VALUES FROM (" + d90 + ") TO (" + d60 + ")",
                "CREATE TABLE metrics_mid PARTITION OF metrics FOR VALUES FROM (" + d60 + ") TO (" + d30 + ")",
                "CREATE TABLE metrics_new PARTITION OF metrics FOR VALUES FROM (" + d30 + ") TO (" + next + ")",
                "CREATE TABLE metrics_other PARTITION OF metrics DEFAULT",
                // 1..1000 in old1, 1001..2000 in old2, 2001..3000 in mid (half older than 45 days), 3001..3500 new,
                // 3501..3600 in the default partition, older than anything
                "INSERT INTO metrics SELECT g, " + d120 + "::timestamptz + interval '1 hour' + g * interval '1 minute', 'a'"
                        + " FROM generate_series(1, 1000) g",
                "INSERT INTO metrics SELECT 1000 + g, " + d90 + "::timestamptz + interval '1 hour' + g * interval '1 minute', 'b'"
                        + " FROM generate_series(1, 1000) g",
                "INSERT INTO metrics SELECT 2000 + g, " + d60 + "::timestamptz + g * interval '43 minutes', 'c'"
                        + " FROM generate_series(1, 1000) g",
                "INSERT INTO metrics SELECT 3000 + g, now() - g * interval '1 minute', 'd' FROM generate_series(1, 500) g",
                "INSERT INTO metrics SELECT 3500 + g, now() - interval '300 days', 'e' FROM generate_series(1, 100) g");
    }

    @Test
    void olderPartitionsAreDroppedAfterTheirArchiveAndTheRestIsTrimmed() throws Exception {
        TableRetention retention = TableRetention.on(db).table("public", "metrics")
                .olderThan("at", Duration.ofDays(45)).archiveTo(ArchiveSink.gzipCsvFiles(dir)).batchSize(200);
        double older = Pg.number(db, "SELECT count(*) FROM metrics WHERE at < now() - interval '45 days'");

        RetentionEstimate plan = retention.estimate();
        assertThat(plan.partitions().keySet()).containsExactlyInAnyOrder("public.metrics_old1", "public.\"metrics \"\"old2\"\"\"");
        assertThat(plan.rows()).isEqualTo((long) older);

        RetentionRun run = retention.execute(ExecutionOptions.defaults().allowDestructive(true));

        assertThat(run.outcome()).as(run.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.partitionsDropped()).containsExactlyInAnyOrder("public.metrics_old1", "public.\"metrics \"\"old2\"\"\"");
        assertThat(Pg.number(db, "SELECT count(*) FROM pg_class WHERE relname IN ('metrics_old1', 'metrics \"old2\"')"))
                .isZero();
        assertThat(run.rows()).isEqualTo((long) older);
        assertThat(Pg.number(db, "SELECT count(*) FROM metrics WHERE at < now() - interval '45 days'")).isZero();
        assertThat(Pg.number(db, "SELECT count(*) FROM metrics_new")).isEqualTo(500);
        Archive.assertExactlyOnce(dir, db, "metrics", 3600);
        assertThat(Archive.header(dir)).containsExactly("id", "at", "v");
    }

    @Test
    void nestedPartitionsGoWholeAtTheHighestLevelThatIsOlderAndRowsWithoutAValueStay() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String d120 = "'" + now.minus(Duration.ofDays(120)) + "'";
        String d90 = "'" + now.minus(Duration.ofDays(90)) + "'";
        Pg.exec(db,
                "CREATE TABLE readings (id bigint NOT NULL, at timestamptz, kind text NOT NULL)"
                        + " PARTITION BY RANGE (at)",
                // wholly older, itself partitioned: goes whole with its two partitions
                "CREATE TABLE readings_old PARTITION OF readings FOR VALUES FROM (MINVALUE) TO (" + d90 + ")"
                        + " PARTITION BY RANGE (at)",
                "CREATE TABLE readings_old_a PARTITION OF readings_old FOR VALUES FROM (MINVALUE) TO (" + d120 + ")",
                "CREATE TABLE readings_old_b PARTITION OF readings_old FOR VALUES FROM (" + d120 + ") TO (" + d90 + ")",
                // partitioned by another column below: its leaves are trimmed row by row
                "CREATE TABLE readings_recent PARTITION OF readings FOR VALUES FROM (" + d90 + ") TO (MAXVALUE)"
                        + " PARTITION BY LIST (kind)",
                "CREATE TABLE readings_recent_x PARTITION OF readings_recent FOR VALUES IN ('x')",
                "CREATE TABLE readings_recent_y PARTITION OF readings_recent FOR VALUES IN ('y')",
                // rows without a time land here: never older than the cutoff, so the partition is not dropped
                "CREATE TABLE readings_undated PARTITION OF readings DEFAULT",
                "INSERT INTO readings SELECT g, now() - interval '200 days' + g * interval '1 minute', 'x'"
                        + " FROM generate_series(1, 300) g",
                "INSERT INTO readings SELECT 300 + g, " + d120 + "::timestamptz + g * interval '1 minute', 'y'"
                        + " FROM generate_series(1, 300) g",
                "INSERT INTO readings SELECT 600 + g, now() - g * interval '1 day' + interval '12 hours',"
                        + " CASE WHEN g % 2 = 0 THEN 'x' ELSE 'y' END FROM generate_series(1, 80) g",
                "INSERT INTO readings SELECT 700 + g, NULL, 'x' FROM generate_series(1, 20) g",
                "ANALYZE readings");
        TableRetention retention = TableRetention.on(db).table("public", "readings")
                .olderThan("at", Duration.ofDays(45)).archiveTo(ArchiveSink.gzipCsvFiles(dir)).batchSize(100);
        double older = Pg.number(db, "SELECT count(*) FROM readings WHERE at < now() - interval '45 days'");

        RetentionEstimate estimate = retention.estimate();
        assertThat(estimate.partitions()).containsOnlyKeys("public.readings_old");
        assertThat(estimate.partitions().get("public.readings_old").bytes()).isPositive();
        assertThat(estimate.rows()).isEqualTo((long) older);

        RetentionRun run = retention.execute(ExecutionOptions.defaults().allowDestructive(true));

        assertThat(run.outcome()).as(run.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.partitionsDropped()).containsExactly("public.readings_old");
        assertThat(Pg.number(db, "SELECT count(*) FROM pg_class WHERE relname LIKE 'readings_old%'")).isZero();
        assertThat(run.rows()).isEqualTo((long) older);
        assertThat(Pg.number(db, "SELECT count(*) FROM readings WHERE at < now() - interval '45 days'")).isZero();
        assertThat(Pg.number(db, "SELECT count(*) FROM readings WHERE at IS NULL")).isEqualTo(20);
        assertThat(Pg.number(db, "SELECT count(*) FROM readings_recent")).isEqualTo(45);
        assertThat(Archive.ids(dir)).hasSize((int) older).doesNotHaveDuplicates();
    }

    @Test
    void aPartitionOfAMultiColumnRangeKeyWhollyOlderIsDroppedToo() throws Exception {
        String d90 = "'" + Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(90)) + "'";
        Pg.exec(db,
                "CREATE TABLE samples (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at, id)",
                "CREATE TABLE samples_old PARTITION OF samples FOR VALUES FROM (MINVALUE, MINVALUE) TO (" + d90
                        + ", MINVALUE)",
                "CREATE TABLE samples_new PARTITION OF samples FOR VALUES FROM (" + d90 + ", MINVALUE)"
                        + " TO (MAXVALUE, MAXVALUE)",
                "INSERT INTO samples SELECT g, now() - g * interval '1 day' - interval '12 hours'"
                        + " FROM generate_series(1, 120) g");
        TableRetention retention = TableRetention.on(db).table("public", "samples")
                .olderThan("at", Duration.ofDays(45)).archiveTo(ArchiveSink.gzipCsvFiles(dir));

        assertThat(retention.estimate().partitions()).containsOnlyKeys("public.samples_old");
        RetentionRun run = retention.execute(ExecutionOptions.defaults().allowDestructive(true));

        assertThat(run.outcome()).as(run.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.partitionsDropped()).containsExactly("public.samples_old");
        assertThat(Pg.number(db, "SELECT count(*) FROM samples")).isEqualTo(44);
        assertThat(Archive.ids(dir)).hasSize(76).doesNotHaveDuplicates();
    }

    @Test
    void aForeignPartitionIsNeitherDroppedNorTrimmedAndTheRunSaysSo() throws Exception {
        String d90 = "'" + Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(90)) + "'";
        Pg.exec(db,
                "CREATE EXTENSION IF NOT EXISTS postgres_fdw",
                "CREATE SERVER loopback FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '" + Pg.engine().host()
                        + "', port '" + Pg.engine().port() + "', dbname 'partition_retention')",
                "CREATE USER MAPPING FOR CURRENT_USER SERVER loopback OPTIONS (user '" + Pg.engine().user() + "')",
                "CREATE TABLE ledger_elsewhere (id bigint NOT NULL, at timestamptz NOT NULL)",
                "INSERT INTO ledger_elsewhere SELECT 1000 + g, now() - interval '200 days'"
                        + " FROM generate_series(1, 10) g",
                "CREATE TABLE ledger (id bigint NOT NULL, at timestamptz NOT NULL) PARTITION BY RANGE (at)",
                "CREATE FOREIGN TABLE ledger_archived PARTITION OF ledger FOR VALUES FROM (MINVALUE) TO (" + d90
                        + ") SERVER loopback OPTIONS (table_name 'ledger_elsewhere')",
                "CREATE TABLE ledger_live PARTITION OF ledger FOR VALUES FROM (" + d90 + ") TO (MAXVALUE)",
                "INSERT INTO ledger_live SELECT g, now() - g * interval '1 day' + interval '12 hours'"
                        + " FROM generate_series(1, 60) g");
        TableRetention retention = TableRetention.on(db).table("public", "ledger")
                .olderThan("at", Duration.ofDays(45)).archiveTo(ArchiveSink.gzipCsvFiles(dir));

        RetentionEstimate estimate = retention.estimate();
        assertThat(estimate.partitions()).isEmpty();
        assertThat(estimate.skipped()).containsExactly("public.ledger_archived");
        // the count covers the foreign partition's old rows too; the reason says they stay
        assertThat(estimate.rows()).isEqualTo(15 + 10);
        assertThat(retention.plan().actions().get(0).reason()).contains("partitions that are not tables keep their"
                + " rows: public.ledger_archived");

        RetentionRun run = retention.execute(ExecutionOptions.defaults().allowDestructive(true));
        assertThat(run.outcome()).as(run.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.detail()).contains("public.ledger_archived");
        assertThat(Pg.number(db, "SELECT count(*) FROM ledger_live")).isEqualTo(45);
        assertThat(Pg.number(db, "SELECT count(*) FROM ledger_elsewhere")).isEqualTo(10);
    }
}
