package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.Severity;
import io.maintkit.postgres.SecurityReport.SecurityProblem;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.PostgresServer;
import io.maintkit.testkit.PostgresSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code postgres.security} on servers set up the way operators leave them: an extra superuser, an MD5 password, a
 * role without a password under {@code trust} rules, {@code CREATE} on schema public for everyone, and a
 * {@code pg_hba.conf} written by hand with {@code trust} for a network and a clear-text {@code password} rule.
 */
class SecurityCheckTest {

    private static DataSource db;

    @BeforeAll
    static void weakServer() {
        db = Pg.engine().createDatabase("security_weak");
        Pg.exec(db,
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sec_admin') THEN"
                        + " CREATE ROLE sec_admin SUPERUSER NOLOGIN; END IF; END $$",
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sec_nopass') THEN"
                        + " CREATE ROLE sec_nopass LOGIN; END IF; END $$",
                "SET password_encryption = 'md5'",
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sec_md5') THEN"
                        + " CREATE ROLE sec_md5 LOGIN PASSWORD 'md5-secret'; END IF; END $$",
                "GRANT CREATE ON SCHEMA public TO PUBLIC");
    }

    @AfterAll
    static void dropRoles() {
        Pg.exec(db, "DROP ROLE IF EXISTS sec_admin", "DROP ROLE IF EXISTS sec_nopass", "DROP ROLE IF EXISTS sec_md5");
    }

    @Test
    void findsEveryWeaknessASuperuserCanSee() throws Exception {
        SecurityReport report = SecurityCheck.on(db).inspect();

        assertThat(report.unchecked()).isEmpty();
        assertThat(report.problems(SecurityProblem.Type.EXTRA_SUPERUSER)).extracting(SecurityProblem::subject)
                .contains("sec_admin").doesNotContain("postgres");
        // roles other tests made are listed too where the server's default is still md5 (before PostgreSQL 14)
        assertThat(report.problems(SecurityProblem.Type.MD5_PASSWORD)).extracting(SecurityProblem::subject)
                .contains("sec_md5");
        assertThat(report.problems(SecurityProblem.Type.MD5_PASSWORD_ENCRYPTION)).hasSize(Pg.major() < 14 ? 1 : 0);
        // the test kit's initdb -A trust lets every local user in without a password
        assertThat(report.problems(SecurityProblem.Type.LOGIN_WITHOUT_PASSWORD))
                .filteredOn(p -> p.subject().equals("sec_nopass")).singleElement()
                .satisfies(p -> assertThat(p.severity()).isEqualTo(Severity.WARNING));
        assertThat(report.problems(SecurityProblem.Type.HBA_TRUST)).isNotEmpty()
                .allMatch(p -> p.severity() == Severity.WARNING, "loopback and socket rules only");
        assertThat(report.problems(SecurityProblem.Type.PUBLIC_CREATE)).extracting(SecurityProblem::subject)
                .containsExactly("public");
        // the server listens on 127.0.0.1 only: no SSL finding
        assertThat(report.problems(SecurityProblem.Type.SSL_OFF)).isEmpty();
        assertThat(report.findings()).extracting(f -> f.kind()).contains("extra-superuser", "md5-password",
                "login-without-password", "hba-trust", "public-schema-create");
        assertThat(report.problems()).hasSameSizeAs(report.findings());

        Pg.exec(db, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        assertThat(SecurityCheck.on(db).inspect().problems(SecurityProblem.Type.PUBLIC_CREATE)).isEmpty();
        Pg.exec(db, "GRANT CREATE ON SCHEMA public TO PUBLIC");
    }

    @Test
    void aRoleWithoutThePrivilegeGetsUnknownForWhatItCannotRead() throws Exception {
        DataSource monitor = Pg.monitorRole(db, "security_weak", "sec_monitor");

        SecurityReport report = SecurityCheck.on(monitor).inspect();

        assertThat(report.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(report.findings()).filteredOn(f -> f.kind().equals("passwords-unreadable")).singleElement()
                .satisfies(f -> assertThat(f.summary()).contains("pg_authid").contains("permission denied"));
        assertThat(report.problems(SecurityProblem.Type.MD5_PASSWORD)).isEmpty();
        // what every role may read is still checked
        assertThat(report.problems(SecurityProblem.Type.EXTRA_SUPERUSER)).extracting(SecurityProblem::subject)
                .contains("sec_admin");
        assertThat(report.problems(SecurityProblem.Type.PUBLIC_CREATE)).isNotEmpty();
    }

    @Test
    void handWrittenHbaRulesForTheNetworkAreCalledOut() throws Exception {
        Path hba = Files.createTempFile("pg_hba", ".conf");
        Files.writeString(hba, "# written by hand\n"
                + "local all all peer\n"
                + "host all postgres 127.0.0.1/32 trust\n"
                + "host all app 0.0.0.0/0 password\n"
                + "host reporting all 10.0.0.0/8 trust\n"
                + "hostssl all all ::/0 scram-sha-256\n");
        try (PostgresServer server = PostgresEngine.start(PostgresSettings.defaults().withFile("pg_hba.conf", hba))) {
            SecurityReport report = SecurityCheck.on(server.dataSource()).inspect();

            assertThat(report.problems(SecurityProblem.Type.HBA_TRUST)).extracting(SecurityProblem::subject,
                    SecurityProblem::severity).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("pg_hba.conf:3", Severity.WARNING),
                            org.assertj.core.groups.Tuple.tuple("pg_hba.conf:5", Severity.CRITICAL));
            assertThat(report.problems(SecurityProblem.Type.HBA_CLEARTEXT_PASSWORD)).singleElement()
                    .satisfies(p -> assertThat(p.subject()).isEqualTo("pg_hba.conf:4"));
            assertThat(report.worst()).isEqualTo(Severity.CRITICAL);
            // postgres has no password, but only the loopback trust rule names it: a warning; the peer rule is fine
            assertThat(report.problems(SecurityProblem.Type.LOGIN_WITHOUT_PASSWORD)).singleElement()
                    .satisfies(p -> assertThat(p.subject()).isEqualTo("postgres"));
        } finally {
            Files.delete(hba);
        }
    }

    @Test
    void listenAddressesBeyondLoopback() {
        assertThat(SecurityCheck.listensBeyondLoopback("*")).isTrue();
        assertThat(SecurityCheck.listensBeyondLoopback("localhost, 10.1.2.3")).isTrue();
        assertThat(SecurityCheck.listensBeyondLoopback("0.0.0.0")).isTrue();
        assertThat(SecurityCheck.listensBeyondLoopback("localhost,127.0.0.1, ::1")).isFalse();
        assertThat(SecurityCheck.listensBeyondLoopback("")).isFalse();
    }
}
