package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maintkit.core.ActionExecution;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Outcome;
import io.maintkit.core.internal.Executables;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.TestEngines;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup runner as an action of a plan, run by the plan's executor against a real server. */
class RunnerActionTest {

    @TempDir
    Path dir;

    @Test
    void aPlanRunsTheBackupAndAFailedDumpFailsItsAction() throws Exception {
        assumeTrue(Executables.onPath("pg_dump").isPresent(), "pg_dump is not on the PATH");
        PostgresEngine engine = TestEngines.postgres();
        try (Connection c = engine.createDatabase("runner_action").getConnection();
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY)");
        }
        DirectoryBackupStore store = BackupStore.directory(dir);
        BackupRunner runner = BackupRunner.pgDump(engine.host(), engine.port(), engine.user(), "runner_action")
                .into(store);
        BackupRunner broken = runner.prefix("broken-").executable(dir.resolve("no-such-pg_dump"));
        ExecutionReport report = new MaintenancePlan("nightly backup", List.of(runner.asAction(),
                broken.asAction())).execute(ExecutionOptions.defaults());

        ActionExecution backup = report.executions().get(0);
        assertThat(backup.outcome()).as(backup.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(backup.action().destructive()).isFalse();
        BackupReport verified = BackupVerifier.on(store).matching("backup-*.dump")
                .checksums(ChecksumManifest.sha256()).verify();
        assertThat(verified.newestVerified()).isPresent();
        assertThat(backup.detail()).contains(verified.newestVerified().get().backup().name());

        assertThat(report.executions().get(1).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.executions().get(1).detail()).contains("no-such-pg_dump");
        assertThat(store.list()).noneMatch(e -> e.name().startsWith("broken-"));
    }
}
