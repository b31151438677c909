package io.maintkit.testkit;

import static io.maintkit.testkit.PostgresEngineTest.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The environment overrides, exercised against the embedded engines standing in for existing
 * servers: they connect, report no local directories and never show the password.
 */
class ExternalServersTest {

    private static final String SECRET = "s3cr3t-Passw0rd";

    @Test
    void postgresUrlPointsAtAnExistingServer() throws SQLException {
        PostgresEngine embedded = TestEngines.postgres();
        PostgresEngine external = ExternalPostgres.connect("jdbc:postgresql://" + embedded.host() + ":" + embedded.port()
                + "/postgres?user=postgres&password=" + SECRET + "&connectTimeout=5");
        assertThat(queryString(external.dataSource(), "select 1")).isEqualTo("1");
        assertThat(external.majorVersion()).isEqualTo(embedded.majorVersion());
        assertThat(external.binDirectory()).isEmpty();
        assertThat(external.password()).isEqualTo(SECRET);
        assertThat(external.jdbcUrl("orders")).isEqualTo("jdbc:postgresql://" + embedded.host() + ":" + embedded.port()
                + "/orders?connectTimeout=5");
        assertThat(external.toString()).doesNotContain(SECRET);
        assertThat(external.dataSource().toString()).doesNotContain(SECRET);
    }

    @Test
    void mariadbUrlPointsAtAnExistingServer() throws SQLException {
        MariaDbEngine embedded = TestEngines.mariadb();
        MariaDbEngine external = ExternalMySql.connect("MAINTKIT_MARIADB_URL",
                "jdbc:mariadb://" + embedded.host() + ":" + embedded.port() + "/?user=root");
        assertThat(queryString(external.dataSource(), "select 1")).isEqualTo("1");
        assertThat(external.version()).isEqualTo(embedded.version());
        assertThat(external.binDirectory()).isEmpty();
    }

    @Test
    void mysqlUrlIsServedThroughMariaDbConnectorJ() throws SQLException {
        MariaDbEngine embedded = TestEngines.mariadb();
        MySqlEngine external = ExternalMySql.connect("MAINTKIT_MYSQL_URL",
                "jdbc:mysql://root:@" + embedded.host() + ":" + embedded.port() + "/");
        assertThat(queryString(external.dataSource(), "select 1")).isEqualTo("1");
        assertThat(external.jdbcUrl("shop")).isEqualTo("jdbc:mariadb://" + embedded.host() + ":" + embedded.port()
                + "/shop?allowPublicKeyRetrieval=true");
        assertThat(queryString(external.createDatabase("testkit_mysql_url"), "select database()")).isEqualTo("testkit_mysql_url");
    }

    @Test
    void redisUrlPointsAtAnExistingServer() {
        RedisEngine embedded = TestEngines.redis();
        RedisEngine external = ExternalRedis.connect(embedded.uri());
        assertThat(external.version()).isEqualTo(embedded.version());
        assertThat(external.port()).isEqualTo(embedded.port());
        assertThat(external.dataDirectory()).isEmpty();
    }

    @Test
    void aRejectedPasswordIsNotEchoed() {
        RedisEngine embedded = TestEngines.redis();
        assertThatThrownBy(() -> ExternalRedis.connect("redis://:" + SECRET + "@" + embedded.host() + ":" + embedded.port()))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void malformedUrlsAreRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> ExternalPostgres.connect("postgresql://host/db?password=" + SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> ServerUrl.parse("MAINTKIT_REDIS_URL", "redis://:" + SECRET + "@bad host:1", 6379))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void urlsAreParsedIntoTheirParts() {
        ServerUrl url = ServerUrl.parseJdbc("V", "jdbc:mariadb://db.example:3307/shop?user=admin&password=p%40ss&sslMode=trust",
                "mariadb", 3306);
        assertThat(url.host()).isEqualTo("db.example");
        assertThat(url.port()).isEqualTo(3307);
        assertThat(url.database()).isEqualTo("shop");
        assertThat(url.user()).isEqualTo("admin");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url.parameters()).containsOnlyKeys("sslMode");
        assertThat(url.toString()).doesNotContain("p@ss");
    }
}
