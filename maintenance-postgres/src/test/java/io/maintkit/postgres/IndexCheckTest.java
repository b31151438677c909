package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.postgres.IndexReport.IndexProblem;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IndexCheckTest {

    private static DataSource db;

    @BeforeAll
    static void provoke() throws Exception {
        db = Pg.engine().createDatabase("health_indexes");
        Pg.exec(db,
                "CREATE TABLE customers (id int PRIMARY KEY, email text, region text, \"Näme\" text)",
                "INSERT INTO customers SELECT g, 'c' || g || '@example.com', 'r' || g % 5, 'n' || g FROM generate_series(1, 2000) g",
                "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, placed date, code text)",
                "INSERT INTO orders SELECT g, 1 + g % 2000, DATE '2024-01-01' + g % 300, 'x' || g FROM generate_series(1, 4000) g",
                // duplicates and overlaps
                "CREATE INDEX customers_email ON customers (email)",
                "CREATE INDEX customers_email_again ON customers (email)",
                "CREATE INDEX customers_region ON customers (region)",
                "CREATE INDEX customers_region_email ON customers (region, email)",
                "CREATE INDEX \"Customers \"\"Näme\"\"\" ON customers (\"Näme\")",
                "CREATE UNIQUE INDEX orders_code ON orders (code)",
                // a foreign key led by the primary key
                "CREATE TABLE lines (order_id int, line int, qty int, PRIMARY KEY (order_id, line),"
                        + " FOREIGN KEY (order_id) REFERENCES orders)",
                // a duplicate-key value makes CREATE UNIQUE INDEX CONCURRENTLY fail and leave an invalid index
                "INSERT INTO orders VALUES (4001, 1, DATE '2024-01-01', NULL), (4002, 1, DATE '2024-01-01', NULL)",
                "CREATE TABLE tags (id int, label text)",
                "INSERT INTO tags VALUES (1, 'a'), (2, 'a')");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE UNIQUE INDEX CONCURRENTLY tags_label ON tags (label)");
            throw new AssertionError("the unique index should have failed");
        } catch (java.sql.SQLException expected) {
            // leaves tags_label invalid
        }
    }

    @Test
    void findsInvalidDuplicateOverlappingIndexesAndUnindexedForeignKeys() throws Exception {
        IndexReport report = IndexCheck.on(db).inspect();

        assertThat(Pg.about(report, "public.tags_label")).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("invalid-index"));
        assertThat(Pg.about(report, "public.customers_email_again", "duplicate-index")).singleElement()
                .satisfies(f -> assertThat(f.details()).containsEntry("duplicate_of", "public.customers_email"));
        assertThat(report.problems(IndexProblem.Type.DUPLICATE)).singleElement()
                .satisfies(p -> assertThat(p.subject()).isEqualTo("public.customers_email_again"))
                .satisfies(p -> assertThat(p.related()).contains("public.customers_email"))
                .satisfies(p -> assertThat(p.table()).isEqualTo("public.customers"));
        assertThat(Pg.about(report, "public.customers_email", "duplicate-index")).isEmpty();
        assertThat(Pg.about(report, "public.customers_region")).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("overlapping-index"))
                .satisfies(f -> assertThat(f.details()).containsEntry("covered_by", "public.customers_region_email"));
        assertThat(Pg.about(report, "public.orders")).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("fk-without-index"));
        assertThat(report.problems(IndexProblem.Type.FOREIGN_KEY_WITHOUT_INDEX)).singleElement()
                .satisfies(p -> assertThat(p.related()).contains("orders_customer_id_fkey"));
        assertThat(Pg.about(report, "public.lines")).isEmpty();
        assertThat(report.findings()).allMatch(f -> f.severity() == Severity.WARNING);
        assertThat(report.problems()).hasSameSizeAs(report.findings());
        // statistics younger than a week: nothing is called unused
        assertThat(report.findings()).noneMatch(f -> f.kind().equals("unused-index"));
    }

    @Test
    void unusedIndexesExcludeConstraintsAndStateTheStatisticsAge() throws Exception {
        Pg.exec(db, "SELECT count(*) FROM customers WHERE email = 'c1@example.com'");
        IndexReport report = IndexCheck.on(db).minimumStatisticsAge(Duration.ZERO).inspect();

        Finding unused = Pg.about(report, "public.\"Customers \"\"Näme\"\"\"", "unused-index").get(0);
        assertThat(unused.summary()).contains("since the");
        assertThat(unused.details()).containsKey("statistics_since");
        if (Pg.major() >= 16) {
            assertThat(unused.details()).containsEntry("last_scan", "never");
        }
        assertThat(report.problems(IndexProblem.Type.UNUSED)).extracting(IndexProblem::subject)
                .doesNotContain("public.customers_pkey", "public.orders_pkey", "public.orders_code",
                        "public.lines_pkey");
    }

    @Test
    void exclusionsSkipIndexes() throws Exception {
        IndexReport report = IndexCheck.on(db).exclude("customers_*", "tags_*").inspect();

        assertThat(report.findings()).extracting(Finding::subject).containsOnly("public.orders");
    }
}
