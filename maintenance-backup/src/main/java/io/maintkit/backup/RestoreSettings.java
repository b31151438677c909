package io.maintkit.backup;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The configuration every scratch restore test shares: the client tool, the connection, the credentials, the
 * expectations, the time limit and the clock. Never printed: {@link #toString()} leaves the password out.
 */
record RestoreSettings(Path tool, String host, Integer port, String user, char[] password, Path passwordFile,
                       List<Expectation> expectations, Duration timeout, Clock clock) {

    /**
     * One expectation about the restored database.
     *
     * @param schema  the table's schema; null for the scratch schema itself (MariaDB/MySQL)
     * @param table   the table, or null for a SQL assertion
     * @param minRows the fewest rows the table must hold; 0 for presence only
     * @param sql     a query that must return a single {@code true}, or null for a table expectation
     */
    record Expectation(String schema, String table, long minRows, String sql) {
        String describe() {
            if (sql != null) {
                return "true: " + sql;
            }
            return "table " + (schema == null ? "" : schema + ".") + table + (minRows > 0 ? " has at least "
                    + minRows + " row" + (minRows == 1 ? "" : "s") : " exists");
        }
    }

    static RestoreSettings defaults(Duration timeout) {
        return new RestoreSettings(null, null, null, null, null, null, List.of(), timeout, Clock.systemUTC());
    }

    RestoreSettings {
        expectations = List.copyOf(expectations);
    }

    RestoreSettings withTool(Path executable) {
        return new RestoreSettings(Objects.requireNonNull(executable, "executable"), host, port, user, password,
                passwordFile, expectations, timeout, clock);
    }

    RestoreSettings withConnection(String serverHost, int serverPort, String serverUser) {
        if (serverPort <= 0 || serverPort > 65535) {
            throw new IllegalArgumentException("not a TCP port: " + serverPort);
        }
        return new RestoreSettings(tool, Objects.requireNonNull(serverHost, "serverHost"), serverPort,
                Objects.requireNonNull(serverUser, "serverUser"), password, passwordFile, expectations, timeout, clock);
    }

    RestoreSettings withPassword(char[] secret) {
        return new RestoreSettings(tool, host, port, user, secret.clone(), passwordFile, expectations, timeout, clock);
    }

    RestoreSettings withPasswordFile(Path file) {
        return new RestoreSettings(tool, host, port, user, password, Objects.requireNonNull(file, "file"),
                expectations, timeout, clock);
    }

    RestoreSettings withTable(String schema, String table) {
        return with(new Expectation(schema, Objects.requireNonNull(table, "table"), 0, null));
    }

    RestoreSettings withMinRows(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative, was " + rows);
        }
        if (expectations.isEmpty() || expectations.get(expectations.size() - 1).sql() != null) {
            throw new IllegalStateException("minRows applies to the table of expectTable; call expectTable first");
        }
        List<Expectation> all = new ArrayList<>(expectations);
        Expectation last = all.remove(all.size() - 1);
        all.add(new Expectation(last.schema(), last.table(), rows, null));
        return new RestoreSettings(tool, host, port, user, password, passwordFile, all, timeout, clock);
    }

    RestoreSettings withTrue(String sql) {
        return with(new Expectation(null, null, 0, Objects.requireNonNull(sql, "sql")));
    }

    RestoreSettings withTimeout(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + limit);
        }
        return new RestoreSettings(tool, host, port, user, password, passwordFile, expectations, limit, clock);
    }

    RestoreSettings withClock(Clock now) {
        return new RestoreSettings(tool, host, port, user, password, passwordFile, expectations, timeout,
                Objects.requireNonNull(now, "now"));
    }

    private RestoreSettings with(Expectation e) {
        List<Expectation> all = new ArrayList<>(expectations);
        all.add(e);
        return new RestoreSettings(tool, host, port, user, password, passwordFile, all, timeout, clock);
    }

    /** The expectations as one phrase. */
    String describeExpectations() {
        return expectations.isEmpty() ? "a clean restore"
                : String.join(", ", expectations.stream().map(Expectation::describe).toList());
    }

    @Override
    public String toString() {
        return "RestoreSettings[" + describeExpectations() + (password != null ? ", password set" : "") + "]";
    }
}
