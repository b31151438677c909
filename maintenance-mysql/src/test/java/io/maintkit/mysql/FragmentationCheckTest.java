package io.maintkit.mysql;

import static io.maintkit.mysql.Servers.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.testkit.MariaDbEngine;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FragmentationCheckTest {

    /** MySQLTuner's percent rule with a floor small enough for a test table. */
    static final Threshold.Both<DataSize, Percent> SMALL = Threshold.both(
            Threshold.above(DataSize.ofMegabytes(2), DataSize.ofGigabytes(1)),
            Threshold.above(Percent.of(10), Percent.of(90)));

    static List<Named<MariaDbEngine>> servers() {
        return Servers.all();
    }

    /** A file-per-table table of about 16 MiB with most of its rows deleted. */
    static void fragmentedTable(DataSource db, String name) throws SQLException {
        String table = "`" + name.replace("`", "``") + "`";
        execute(db, "CREATE TABLE " + table + " (id INT PRIMARY KEY, pad CHAR(255) NOT NULL) ENGINE=InnoDB",
                "INSERT INTO " + table + " SELECT seq, REPEAT('x', 255) FROM seq_1_to_60000",
                "DELETE FROM " + table + " WHERE id % 10 <> 0");
        awaitPurge(db, name);
    }

    /** Waits until InnoDB's purge has freed the deleted rows' pages, so DATA_FREE shows them. */
    static void awaitPurge(DataSource db, String table) throws SQLException {
        for (int i = 0; i < 100; i++) {
            execute(db, "ANALYZE TABLE `" + table.replace("`", "``") + "`");
            String free = Servers.queryString(db, "SELECT DATA_FREE FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + table.replace("'", "''") + "'");
            if (Long.parseLong(free) >= 3L * 1024 * 1024) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aTableWithMostRowsDeletedIsFragmentedAndAFullOneIsNot(MariaDbEngine server) throws SQLException {
        DataSource db = server.createDatabase("frag");
        fragmentedTable(db, "events");
        execute(db, "CREATE TABLE full_table (id INT PRIMARY KEY, pad CHAR(255) NOT NULL) ENGINE=InnoDB",
                "INSERT INTO full_table SELECT seq, REPEAT('x', 255) FROM seq_1_to_60000");

        FragmentationReport report = FragmentationCheck.on(db).schemas("frag").thresholds(SMALL).inspect();

        assertThat(report.findings()).extracting(Finding::kind, Finding::subject)
                .containsExactly(org.assertj.core.api.Assertions.tuple("fragmented-table", "frag.events"));
        assertThat(report.fragmented()).singleElement().satisfies(t -> {
            assertThat(t.free()).isGreaterThanOrEqualTo(DataSize.ofMegabytes(3));
            assertThat(t.freeRatio()).isGreaterThan(Percent.of(10));
            assertThat(t.sharedTablespace()).isFalse();
        });
        assertThat(FragmentationCheck.on(db).schemas("frag").inspect().findings())
                .as("MySQLTuner's 100 MiB floor is not crossed by a small table").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void tablesInTheSharedTablespaceAreSkippedWithTheReason(MariaDbEngine server) throws SQLException {
        DataSource db = server.createDatabase("frag_shared");
        execute(db, "SET GLOBAL innodb_file_per_table = OFF");
        try {
            execute(db, "CREATE TABLE `in system` (id INT PRIMARY KEY, pad CHAR(255) NOT NULL) ENGINE=InnoDB",
                    "INSERT INTO `in system` SELECT seq, REPEAT('x', 255) FROM seq_1_to_60000",
                    "DELETE FROM `in system` WHERE id % 10 <> 0");
        } finally {
            execute(db, "SET GLOBAL innodb_file_per_table = ON");
        }

        FragmentationReport report = FragmentationCheck.on(db).schemas("frag_shared").thresholds(SMALL).inspect();

        assertThat(report.tables()).singleElement().satisfies(t -> assertThat(t.sharedTablespace()).isTrue());
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("shared-tablespace-skipped");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.summary()).contains("frag_shared.in system");
        });
    }
}
