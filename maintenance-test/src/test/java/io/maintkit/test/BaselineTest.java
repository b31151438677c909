package io.maintkit.test;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs small test classes that use {@link MaintenanceBaseline} through JUnit itself and reads their outcome. */
class BaselineTest {

    static final Path FILE = Path.of("target", "baseline-test", "baseline.tsv");

    static final Finding UNUSED = Finding.of("postgres.indexes", "unused-index", "public.orders_by_note",
            Severity.WARNING, "unused index on public.orders (16 KiB)");
    static final Finding NO_PK = Finding.of("postgres.schema", "table-without-primary-key", "public.events\tlog",
            Severity.WARNING, "table has no primary key");
    static final Finding SIZE = Finding.of("postgres.size", "database-size", "app", Severity.INFO, "36.8 MiB");

    /** What the database under test is found to have; set by each test before it runs the sample class. */
    static volatile List<Finding> current = List.of();

    /** A user's test class, as in the module's documentation. */
    static class DatabaseHealthTests {
        @Test
        @MaintenanceBaseline("target/baseline-test/baseline.tsv")
        void schemaIsHealthy(Baseline baseline) {
            Report report = () -> current;
            baseline.check(report);
        }
    }

    @BeforeEach
    @AfterEach
    void clean() throws IOException {
        Files.deleteIfExists(FILE);
        System.clearProperty(BaselineExtension.UPDATE_PROPERTY);
    }

    static Events run() {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(DatabaseHealthTests.class)).execute()
                .testEvents();
    }

    static String failure(Events events) {
        assertThat(events.failed().count()).as("failed tests").isEqualTo(1);
        return events.failed().stream().findFirst().orElseThrow().getPayload(
                org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
    }

    @Test
    void newFindingsFailAndAcceptedOnesPass() throws IOException {
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, "# accepted\npostgres.indexes\tunused-index\tpublic.orders_by_note\tyear-end report\n");
        current = List.of(UNUSED, NO_PK, SIZE);

        String message = failure(run());

        assertThat(message).contains("1 finding(s) not in the baseline")
                .contains("WARNING   postgres.schema  table-without-primary-key  public.events\tlog  table has no primary key")
                .doesNotContain("orders_by_note").doesNotContain("36.8 MiB")
                .contains("-Dmaintkit.baseline.update=true");

        current = List.of(UNUSED, SIZE);
        assertThat(run().succeeded().count()).isEqualTo(1);
    }

    @Test
    void acceptedFindingsThatNoLongerOccurFailSoTheBaselineOnlyShrinks() throws IOException {
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, "postgres.indexes\tunused-index\tpublic.orders_by_note\n");
        current = List.of();

        assertThat(failure(run())).contains("1 accepted finding(s) no longer occur; remove them from")
                .contains("postgres.indexes\tunused-index\tpublic.orders_by_note");
    }

    @Test
    void updatingWritesTheCurrentFindingsKeepingReasonsAndTheNextRunPasses() throws IOException {
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, "postgres.indexes\tunused-index\tpublic.orders_by_note\tyear-end report\n");
        current = List.of(UNUSED, NO_PK, SIZE);
        System.setProperty(BaselineExtension.UPDATE_PROPERTY, "true");

        assertThat(run().succeeded().count()).isEqualTo(1);
        assertThat(Files.readAllLines(FILE)).containsExactly(
                "# Accepted findings: check id, kind, subject, reason (tab-separated). Regenerate with"
                        + " -Dmaintkit.baseline.update=true",
                "postgres.indexes\tunused-index\tpublic.orders_by_note\tyear-end report",
                "postgres.schema\ttable-without-primary-key\tpublic.events\\tlog");

        System.clearProperty(BaselineExtension.UPDATE_PROPERTY);
        assertThat(run().succeeded().count()).isEqualTo(1);
    }

    @Test
    void aMalformedLineIsReportedWithItsPlace() throws IOException {
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, "# accepted\npostgres.indexes unused-index public.orders_by_note\n");
        current = List.of(UNUSED);

        assertThat(failure(run())).contains("baseline.tsv:2: expected check id, kind, subject and an optional"
                + " reason separated by tabs, found 1 field(s)");
    }

    @Test
    void aMissingFileSaysHowToCreateIt() {
        current = List.of(UNUSED);

        assertThat(failure(run())).contains("does not exist; create it");
    }
}
