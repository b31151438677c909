package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.postgres.WraparoundReport.FreezeAge;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.PostgresServer;
import io.maintkit.testkit.PostgresSettings;

import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Burns transaction IDs on a dedicated server with the lowest autovacuum_freeze_max_age PostgreSQL accepts. */
class WraparoundCheckTest {

    private static final int FREEZE_MAX_AGE = 100_000;

    @Test
    void burntXidsCrossTheLoweredFreezeMaximum() throws Exception {
        try (PostgresServer server = PostgresEngine.start(PostgresSettings.defaults()
                .with("autovacuum_freeze_max_age", Integer.toString(FREEZE_MAX_AGE))
                .with("autovacuum", "off"))) {
            DataSource db = server.createDatabase("wraparound");
            assertThat(Pg.above(WraparoundCheck.on(db).inspect(), Severity.INFO)).isEmpty();

            Pg.exec(db, "CREATE TABLE \"Bürn \"\"Ids\"\"\" (i int)");
            // up to 92 % of the limit, below the 100 % at which the server forces an anti-wraparound vacuum
            double age = Pg.number(db, "SELECT max(age(datfrozenxid)) FROM pg_database");
            long burn = (long) (FREEZE_MAX_AGE * 0.92 - age);
            Pg.exec(db, "DO $$ BEGIN FOR i IN 1.." + burn + " LOOP BEGIN INSERT INTO \"Bürn \"\"Ids\"\"\" VALUES (i);"
                    + " EXCEPTION WHEN OTHERS THEN NULL; END; END LOOP; END $$");

            WraparoundReport report = WraparoundCheck.on(db).inspect();

            Finding database = Pg.about(report, "wraparound", "wraparound-risk").get(0);
            assertThat(database.severity()).isEqualTo(Severity.WARNING);
            assertThat(database.measurement("xid_freeze_max_percent").orElseThrow().value()).isBetween(90.0, 95.0);
            assertThat(Pg.about(report, "public.\"Bürn \"\"Ids\"\"\"")).singleElement()
                    .satisfies(f -> assertThat(f.kind()).isEqualTo("wraparound-risk"));
            assertThat(report.tables()).filteredOn(a -> a.subject().equals("public.\"Bürn \"\"Ids\"\"\""))
                    .singleElement().satisfies(a -> assertThat(a.scope()).isEqualTo(FreezeAge.Scope.TABLE))
                    .satisfies(a -> assertThat((double) a.xidAge()).isGreaterThan(FREEZE_MAX_AGE * 0.9));
            assertThat(report.ages()).filteredOn(a -> a.scope() == FreezeAge.Scope.DATABASE)
                    .extracting(FreezeAge::subject).contains("wraparound");
            // autovacuum off on this server is a vacuum and a settings finding
            assertThat(Pg.about(VacuumCheck.on(db).inspect(), "wraparound", "autovacuum-disabled")).hasSize(1);
            assertThat(Pg.about(SettingsCheck.on(db).inspect(), "autovacuum", "autovacuum-disabled")).hasSize(1);
        }
    }
}
