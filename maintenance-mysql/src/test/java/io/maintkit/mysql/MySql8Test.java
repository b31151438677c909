package io.maintkit.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.CheckResult;
import io.maintkit.core.SuiteResult;
import io.maintkit.testkit.MySqlEngine;
import io.maintkit.testkit.TestEngines;

import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** MySQL 8 where a Docker engine exists (Testcontainers) or {@code MAINTKIT_MYSQL_URL} names one; skipped elsewhere. */
class MySql8Test {

    @Test
    void theSuiteRunsAndFindsDuplicatesOnMySql8() throws Exception {
        Optional<MySqlEngine> mysql = TestEngines.mysql8();
        Assumptions.assumeTrue(mysql.isPresent(), "MySQL 8 tests skipped: no Docker engine and no MAINTKIT_MYSQL_URL");
        DataSource db = IndexCheckTest.redundantSchema(mysql.get(), "m8_rules");

        IndexReport indexes = IndexCheck.on(db).schemas("m8_rules").inspect();
        assertThat(indexes.server().isMariaDb()).isFalse();
        assertThat(indexes.redundant()).extracting(RedundantIndex::name)
                .contains("k_customer", "k_status_copy", "k_placed_id", "fk_customer_again");

        SuiteResult result = MysqlHealth.on(db).schemas("m8_rules").suite().run();
        assertThat(result.results()).hasSize(10).allMatch(CheckResult::completed);
    }
}
