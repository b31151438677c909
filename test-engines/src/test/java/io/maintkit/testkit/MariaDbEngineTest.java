package io.maintkit.testkit;

import static io.maintkit.testkit.PostgresEngineTest.execute;
import static io.maintkit.testkit.PostgresEngineTest.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class MariaDbEngineTest {

    private final MariaDbEngine mariadb = TestEngines.mariadb();

    @Test
    void sharedServerAnswersQueries() throws SQLException {
        assertThat(queryString(mariadb.dataSource(), "select 1")).isEqualTo("1");
        assertThat(mariadb.version()).contains("MariaDB");
        assertThat(queryString(mariadb.dataSource(), "select current_user()")).startsWith(mariadb.user() + "@");
        assertThat(TestEngines.mariadb()).isSameAs(mariadb);
    }

    @Test
    void binaryLogIsOnForBinlogRetentionChecks() throws SQLException {
        assertThat(queryString(mariadb.dataSource(), "select @@log_bin")).isEqualTo("1");
    }

    @Test
    void createDatabaseGivesAnIsolatedEmptyDatabase() throws SQLException {
        DataSource shop = mariadb.createDatabase("testkit_shop");
        execute(shop, "create table orders(id int primary key, total decimal(10,2)) engine=InnoDB");
        execute(shop, "insert into orders values (1, 9.99)");
        assertThat(queryString(shop, "select database()")).isEqualTo("testkit_shop");
        assertThat(queryString(shop, "select count(*) from orders")).isEqualTo("1");

        DataSource recreated = mariadb.createDatabase("testkit_shop");
        assertThat(queryString(recreated, "select count(*) from information_schema.tables where table_schema = 'testkit_shop'"))
                .isEqualTo("0");
    }

    @Test
    void dumpToolsMatchingTheServerAreAtHand() {
        if (mariadb.binDirectory().isPresent()) {
            assertThat(mariadb.binDirectory().get().resolve("mariadb-dump")).isExecutable();
            assertThat(mariadb.binDirectory().get().resolve("mariadb")).isExecutable();
        }
    }

    @Test
    void jdbcUrlNamesTheServerWithoutCredentials() {
        assertThat(mariadb.jdbcUrl("shop")).isEqualTo("jdbc:mariadb://" + mariadb.host() + ":" + mariadb.port() + "/shop");
    }
}
