package io.maintkit.examples;

import static io.maintkit.test.MaintkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.maintkit.postgres.PostgresSchemaLint;
import io.maintkit.test.Baseline;
import io.maintkit.test.MaintenanceBaseline;
import io.maintkit.testkit.TestEngines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The recipe for an application's test suite: lint the schema its migrations make. {@link ShopSchemaTest} is the
 * class a user copies; this test runs it through JUnit and checks what its user sees.
 */
class SchemaLintRecipeTest {

    /** An application's test of its schema, as it would write it. */
    static class ShopSchemaTest {

        static DataSource dataSource;

        @BeforeAll
        static void migrate() throws Exception {
            // the application's test database after its migrations (Flyway, Liquibase, ...)
            dataSource = TestEngines.postgres().createDatabase("shop_schema_lint");
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute(Files.readString(Path.of("src/test/resources/db/migration/V1__create_shop.sql")));
            }
        }

        @Test
        void schemaHasNoProblems() throws Exception {
            assertThat(PostgresSchemaLint.on(dataSource).inspect()).completed().hasNoFindings();
        }

        @Test
        @MaintenanceBaseline("src/test/resources/maintkit-baseline.tsv")
        void schemaHasNoProblemsButTheAcceptedOnes(Baseline baseline) throws Exception {
            baseline.check(PostgresSchemaLint.on(dataSource).inspect());
        }
    }

    private static Events events;

    @BeforeAll
    static void runTheRecipe() {
        events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ShopSchemaTest.class)).execute()
                .testEvents();
    }

    @Test
    void theLintFailsWithTheProblemsOfTheMigrationListed() {
        assertThat(events.failed().count()).isEqualTo(1);
        Event failed = events.failed().stream().findFirst().orElseThrow();
        String message = failed.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow()
                .getMessage();

        assertThat(failed.getTestDescriptor().getDisplayName()).isEqualTo("schemaHasNoProblems()");
        assertThat(message).contains("Expected no findings worse than OK, but found 5:")
                .containsPattern("WARNING +postgres.schema-lint +table-without-primary-key +public.audit_log +table"
                        + " has no primary key")
                .containsPattern("fk-without-index +public.orders.orders_customer_id_fkey +foreign key")
                .containsPattern("duplicate-index +public.orders_placed_again +duplicate of index public.orders_placed")
                .containsPattern("json-column +public.customers.profile")
                .containsPattern("timestamp-without-time-zone +public.orders.placed");
    }

    @Test
    void theSameSchemaPassesWithItsCheckedInBaseline() {
        assertThat(events.succeeded().list()).extracting(e -> e.getTestDescriptor().getDisplayName())
                .containsExactly("schemaHasNoProblemsButTheAcceptedOnes(Baseline)");
    }
}
