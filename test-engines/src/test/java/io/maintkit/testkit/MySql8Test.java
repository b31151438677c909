package io.maintkit.testkit;

import static io.maintkit.testkit.PostgresEngineTest.execute;
import static io.maintkit.testkit.PostgresEngineTest.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class MySql8Test {

    @Test
    void mysql8IsEmptyExactlyWhenNoDockerEngineOrServerIsThere() {
        Optional<MySqlEngine> mysql = TestEngines.mysql8();
        boolean configured = System.getenv("MAINTKIT_MYSQL_URL") != null;
        if (!configured && TestcontainersMySql.unavailableReason().isPresent()) {
            assertThat(mysql).isEmpty();
        } else {
            assertThat(mysql).isPresent();
        }
        assertThat(TestEngines.mysql8()).isSameAs(mysql);
    }

    @Test
    void mysql8AnswersAndCreatesDatabases() throws SQLException {
        Optional<MySqlEngine> mysql = TestEngines.mysql8();
        assumeTrue(mysql.isPresent(), "MySQL 8 tests are skipped: no Docker engine and no MAINTKIT_MYSQL_URL here");
        assertThat(mysql.get().version()).startsWith("8.");
        DataSource shop = mysql.get().createDatabase("testkit_shop");
        execute(shop, "create table orders(id int primary key)");
        assertThat(queryString(shop, "select count(*) from orders")).isEqualTo("0");
    }
}
