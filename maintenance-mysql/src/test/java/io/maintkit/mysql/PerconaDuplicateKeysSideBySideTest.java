package io.maintkit.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.testkit.MariaDbEngine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The duplicate and redundant index findings side by side with {@code pt-duplicate-key-checker} (Debian package
 * {@code percona-toolkit}) on the same schema, in the same run: the same set of drops, but for one difference,
 * explained below.
 */
class PerconaDuplicateKeysSideBySideTest {

    private static final Path TOOL = Path.of("/usr/bin/pt-duplicate-key-checker");
    private static final Pattern DROP = Pattern.compile(
            "^ALTER TABLE `([^`]+)`\\.`([^`]+)` DROP (?:INDEX|FOREIGN KEY) `([^`]+)`", Pattern.MULTILINE);

    static List<org.junit.jupiter.api.Named<MariaDbEngine>> servers() {
        return Servers.all();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void sameDropsAsPerconaExceptTheOneAForeignKeyNeeds(MariaDbEngine server) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(TOOL), TOOL + " is missing (Debian package percona-toolkit)");
        DataSource db = IndexCheckTest.redundantSchema(server, "idx_side_by_side");

        Set<String> ours = new TreeSet<>();
        Set<String> ourKept = new TreeSet<>();
        for (RedundantIndex r : IndexCheck.on(db).schemas("idx_side_by_side").inspect().redundant()) {
            (r.fix().isEmpty() ? ourKept : ours).add(r.schema() + "." + r.table() + "." + r.name());
        }
        String output = percona(server, "idx_side_by_side");
        Set<String> theirs = new TreeSet<>();
        Matcher m = DROP.matcher(output);
        while (m.find()) {
            theirs.add(m.group(1) + "." + m.group(2) + "." + m.group(3));
        }

        // The one difference: pt-duplicate-key-checker compares column lists as text, so it calls k_code a
        // left-prefix of k_code10 (`code`(10)) and suggests dropping it; the server refuses that drop with error
        // 1553, since foreign key fk_code needs k_code (a prefix index cannot serve a foreign key). maintkit
        // reports it at INFO, kind redundant-index-needed-by-foreign-key, without a drop.
        assertThat(ourKept).containsExactly("idx_side_by_side.shipments.k_code");
        Set<String> theirsButKept = new TreeSet<>(theirs);
        theirsButKept.removeAll(ourKept);
        assertThat(ours).as("pt-duplicate-key-checker said:%n%s", output).isEqualTo(theirsButKept);
        assertThat(theirs).contains("idx_side_by_side.shipments.k_code");
        assertThatDropFails(db);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void theSchemaLintSuggestsTheDropsPerconaSuggestsOnTheLintsPlantedSchema(MariaDbEngine server) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(TOOL), TOOL + " is missing (Debian package percona-toolkit)");
        DataSource db = MysqlSchemaLintTest.plantedSchema(server, "lint_side_by_side");

        Set<String> ours = new TreeSet<>();
        for (SchemaProblem v : MysqlSchemaLint.on(db).schemas("lint_side_by_side").inspect().problems()) {
            if (v.rule() == SchemaLintRule.REDUNDANT_INDEX
                    || v.rule() == SchemaLintRule.DUPLICATE_FOREIGN_KEY) {
                ours.add(v.subject());
            }
        }
        String output = percona(server, "lint_side_by_side");
        Set<String> theirs = new TreeSet<>();
        Matcher m = DROP.matcher(output);
        while (m.find()) {
            theirs.add(m.group(1) + "." + m.group(2) + "." + m.group(3));
        }

        assertThat(ours).as("pt-duplicate-key-checker said:%n%s", output).isEqualTo(theirs)
                .containsExactly("lint_side_by_side.orders.fk_customer_again",
                        "lint_side_by_side.orders.k_customer");
    }

    private static void assertThatDropFails(DataSource db) {
        try {
            Servers.execute(db, "ALTER TABLE shipments DROP INDEX k_code");
            throw new AssertionError("the server let a foreign key lose its index");
        } catch (SQLException e) {
            assertThat(e.getErrorCode()).isEqualTo(1553);
        }
    }

    static String percona(MariaDbEngine server, String database) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(TOOL.toString(), "h=" + server.host() + ",P=" + server.port() + ",u="
                + server.user(), "--databases", database).redirectErrorStream(true);
        pb.environment().remove("MYSQL_PWD");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().collect(Collectors.joining("\n"));
    }
}
