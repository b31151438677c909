package io.maintkit.backup;

import io.maintkit.backup.internal.ToolRun;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** PostgreSQL's part of a scratch restore: {@code pg_restore} into a scratch database. */
final class PostgresScratch implements ScratchRestore.Engine {

    static final PostgresScratch INSTANCE = new PostgresScratch();

    private static final String APPLICATION = "maintkit-restore-test";

    private PostgresScratch() {
    }

    @Override
    public List<String> clientNames() {
        return List.of("pg_restore");
    }

    @Override
    public String clientOption() {
        return "pgRestore(path)";
    }

    @Override
    public Optional<String> cannotRestore(BackupStore store, BackupEntry backup, BackupFormat format) {
        return format == BackupFormat.POSTGRES_CUSTOM ? Optional.empty()
                : Optional.of("pg_restore restores custom-format archives; " + backup.name() + " is a "
                + format.label());
    }

    @Override
    public ScratchRestore.Server server(Connection admin, RestoreSettings s) throws SQLException {
        DatabaseMetaData meta = admin.getMetaData();
        String url = meta.getURL();
        String prefix = "jdbc:postgresql://";
        if (url == null || !url.startsWith(prefix)) {
            throw new SQLException("the data source does not report a jdbc:postgresql:// URL");
        }
        int slash = url.indexOf('/', prefix.length());
        String hostSpec = slash < 0 ? url.substring(prefix.length()) : url.substring(prefix.length(), slash);
        String first = hostSpec.split(",")[0];
        String urlHost = first;
        int urlPort = 5432;
        int colon = first.lastIndexOf(':');
        if (colon > 0 && !first.endsWith("]")) {
            urlHost = first.substring(0, colon);
            urlPort = Integer.parseInt(first.substring(colon + 1));
        }
        int query = url.indexOf('?');
        String suffix = query < 0 ? "" : withoutCredentials(url.substring(query));
        String h = s.host() != null ? s.host() : urlHost;
        int p = s.port() != null ? s.port() : urlPort;
        String u = s.user() != null ? s.user() : meta.getUserName();
        String bracketed = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
        return new ScratchRestore.Server(h, p, u, prefix + bracketed + ":" + p + "/", suffix);
    }

    /** A JDBC URL's query without {@code user} and {@code password}. */
    static String withoutCredentials(String query) {
        return query.replaceAll("(?i)([?&])(user|password)=[^&]*", "$1").replaceAll("&&+", "&")
                .replaceAll("\\?&", "?").replaceAll("[?&]$", "");
    }

    @Override
    public void create(Statement admin, String scratch) throws SQLException {
        admin.execute("CREATE DATABASE " + quote(scratch));
    }

    @Override
    public void drop(Statement admin, String scratch) throws SQLException {
        try {
            admin.execute("DROP DATABASE IF EXISTS " + quote(scratch) + " WITH (FORCE)");
        } catch (SQLException e) {
            // before PostgreSQL 13: end the sessions first
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + scratch + "'");
            admin.execute("DROP DATABASE IF EXISTS " + quote(scratch));
        }
    }

    @Override
    public Optional<String> restore(Path client, ScratchRestore.Server server, String scratch, RestoreSettings s,
                                    BackupStore store, BackupEntry backup, BackupFormat format)
            throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("PGAPPNAME", APPLICATION);
        env.put("PGCONNECT_TIMEOUT", "30");
        if (s.password() != null) {
            env.put("PGPASSWORD", new String(s.password()));
        }
        if (s.passwordFile() != null) {
            env.put("PGPASSFILE", s.passwordFile().toString());
        }
        ToolRun.Result run;
        try (InputStream in = store.open(backup.name())) {
            run = ToolRun.run(List.of(client.toString(), "--no-owner", "--no-privileges", "--exit-on-error",
                    "--host", server.host(), "--port", Integer.toString(server.port()), "--username",
                    server.user(), "--dbname", scratch), env, in, s.timeout());
        }
        return run.succeeded() ? Optional.empty()
                : Optional.of("pg_restore failed (exit " + run.exitCode() + "): " + run.output());
    }

    @Override
    public Connection connect(ScratchRestore.Server server, String scratch, RestoreSettings s) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", server.user());
        if (s.password() != null) {
            props.setProperty("password", new String(s.password()));
        }
        props.setProperty("ApplicationName", APPLICATION);
        Connection c = DriverManager.getConnection(server.jdbcUrl(scratch), props);
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '" + ScratchRestore.STATEMENT_TIMEOUT.toSeconds() + "s'");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public String tableExists() {
        return "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = ? AND tablename = ?";
    }

    @Override
    public String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
