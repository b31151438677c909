package io.maintkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresEngineTest {

    private final PostgresEngine postgres = TestEngines.postgres();

    @Test
    void sharedServerAnswersQueries() throws SQLException {
        assertThat(queryString(postgres.dataSource(), "select 1")).isEqualTo("1");
        assertThat(postgres.host()).isEqualTo("127.0.0.1");
        assertThat(queryString(postgres.dataSource(), "select current_user")).isEqualTo(postgres.user());
    }

    @Test
    void sharedServerIsTheOneTheBuildAskedFor() {
        String requested = System.getProperty("maintkit.postgres.version", "18");
        if (postgres.binDirectory().isPresent()) {
            assertThat(postgres.majorVersion()).isEqualTo(Integer.parseInt(requested));
            assertThat(postgres.binDirectory().get().resolve("pg_ctl")).isExecutable();
        }
        assertThat(postgres.majorVersion()).isBetween(13, 99);
    }

    @Test
    void sharedServerIsTheSameInstanceEveryTime() {
        assertThat(TestEngines.postgres()).isSameAs(postgres);
    }

    @Test
    void sharedServerHasTheSettingsMaintenanceChecksNeed() throws SQLException {
        DataSource dataSource = postgres.dataSource();
        assertThat(queryString(dataSource, "show shared_preload_libraries")).contains("pg_stat_statements");
        assertThat(queryString(dataSource, "show wal_level")).isEqualTo("logical");
        assertThat(queryString(dataSource, "show listen_addresses")).isEqualTo("127.0.0.1");
    }

    @Test
    void pgStatStatementsAndPgstattupleCanBeCreated() throws SQLException {
        DataSource db = postgres.createDatabase("testkit_extensions");
        try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create extension pg_stat_statements");
            statement.execute("create extension pgstattuple");
            statement.execute("create table t(id int primary key, payload text)");
            statement.execute("insert into t select g, repeat('x', 100) from generate_series(1, 1000) g");
            try (ResultSet rs = statement.executeQuery("select tuple_count from pgstattuple('t')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1000);
            }
            try (ResultSet rs = statement.executeQuery("select count(*) from pg_stat_statements where query like '%generate_series%'")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
            }
        }
    }

    @Test
    void createDatabaseGivesAnIsolatedEmptyDatabase() throws SQLException {
        DataSource first = postgres.createDatabase("testkit_first");
        DataSource second = postgres.createDatabase("testkit_second");
        execute(first, "create table only_in_first(id int)");
        assertThat(queryString(first, "select current_database()")).isEqualTo("testkit_first");
        assertThat(queryString(second, "select count(*) from pg_tables where tablename = 'only_in_first'")).isEqualTo("0");

        try (Connection stillOpen = first.getConnection()) {
            DataSource recreated = postgres.createDatabase("testkit_first");
            assertThat(queryString(recreated, "select count(*) from pg_tables where tablename = 'only_in_first'")).isEqualTo("0");
            assertThat(stillOpen.isValid(2)).isFalse();
        }
    }

    @Test
    void dataSourceForAnotherRoleHasThatRolesPrivilegesOnly() throws SQLException {
        postgres.createDatabase("testkit_roles");
        execute(postgres.dataSource(), "drop role if exists testkit_reader");
        execute(postgres.dataSource(), "create role testkit_reader login password 'reader'");
        DataSource reader = postgres.dataSource("testkit_roles", "testkit_reader", "reader");
        assertThat(queryString(reader, "select current_user")).isEqualTo("testkit_reader");
        assertThat(queryString(reader, "select rolsuper::text from pg_roles where rolname = current_user")).isEqualTo("false");
    }

    @Test
    void jdbcUrlNamesTheServerWithoutCredentials() {
        assertThat(postgres.jdbcUrl("orders")).isEqualTo("jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/orders");
    }

    @Test
    void dedicatedServerRunsWithCustomSettingsAndStopsOnClose() throws Exception {
        Path dataDirectory;
        try (PostgresServer server = PostgresEngine.start(PostgresSettings.defaults()
                .with("work_mem", "7MB")
                .with("application_name", "it's quoted"))) {
            assertThat(server.port()).isNotEqualTo(postgres.port());
            assertThat(queryString(server.dataSource(), "show work_mem")).isEqualTo("7MB");
            assertThat(queryString(server.dataSource(), "show shared_preload_libraries")).contains("pg_stat_statements");
            assertThat(server.majorVersion()).isEqualTo(postgres.majorVersion());
            dataDirectory = server.dataDirectory();
            assertThat(dataDirectory.resolve("PG_VERSION")).exists();
        }
        assertThat(dataDirectory).doesNotExist();
    }

    @Test
    void dedicatedServerReadsTlsFilesFromAPrivateDirectory(@TempDir Path privateDirectory) throws Exception {
        Files.setPosixFilePermissions(privateDirectory, PosixFilePermissions.fromString("rwx------"));
        TestPki.Issued certificate = TestPki.cert("localhost").dns("localhost").ip("127.0.0.1").keys(TestPki.rsa(2048)).issue();
        Path certificateFile = TestPki.writeChain(privateDirectory.resolve("server.crt"), certificate);
        Path keyFile = TestPki.writeKey(privateDirectory.resolve("server.key"), certificate);
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        try (PostgresServer server = PostgresEngine.start(PostgresSettings.defaults()
                .with("ssl", "on")
                .with("ssl_cert_file", certificateFile.toString())
                .with("ssl_key_file", keyFile.toString()))) {
            assertThat(queryString(server.dataSource(), "show ssl")).isEqualTo("on");
            Path key = server.dataDirectory().resolve("ssl_key_file");
            assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (Connection tls = new org.postgresql.Driver().connect(server.jdbcUrl("postgres") + "?sslmode=require&user=postgres",
                    new java.util.Properties());
                 Statement statement = tls.createStatement();
                 ResultSet rs = statement.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }

    @Test
    void dedicatedServerFailsWithTheServerLogWhenASettingIsWrong() {
        assertThatThrownBy(() -> PostgresEngine.start(PostgresSettings.defaults().with("shared_buffers", "not-a-size")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start")
                .hasMessageContaining("shared_buffers");
    }

    @Test
    void settingsRejectWhatTheServerManagesItself() {
        assertThatThrownBy(() -> PostgresSettings.defaults().with("port", "5432")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresSettings.defaults().with("bad name", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sharedServerCannotBeClosedByATest() {
        if (postgres instanceof PostgresServer server) {
            assertThatThrownBy(server::close).isInstanceOf(IllegalStateException.class);
            assertThat(server.isRunning()).isTrue();
        }
    }

    static String queryString(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
