package io.maintkit.postgres;

import io.maintkit.backup.BackupFormat;
import io.maintkit.backup.RestoreSettings;
import io.maintkit.backup.ScratchConnections;
import io.maintkit.backup.ScratchRestore;
import io.maintkit.core.internal.ToolRun;
import io.maintkit.postgres.internal.Identifiers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** PostgreSQL's part of a scratch restore: {@code pg_restore} into a scratch database. */
final class PostgresScratch implements ScratchRestore.Engine {

    private static final String APPLICATION = "maintkit-restore-test";
    private static final int STATEMENT_SECONDS = (int) ScratchRestore.STATEMENT_TIMEOUT.toSeconds();

    private final DataSource admin;
    private final ScratchConnections scratch;
    private final RestoreSettings settings;

    PostgresScratch(DataSource admin, ScratchConnections scratch, RestoreSettings settings) {
        this.admin = admin;
        this.scratch = scratch;
        this.settings = settings;
    }

    @Override
    public Set<BackupFormat> formats() {
        return Set.of(BackupFormat.POSTGRES_CUSTOM);
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
    public void create(String database) throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(STATEMENT_SECONDS);
            st.execute("CREATE DATABASE " + Identifiers.quote(database));
        }
    }

    @Override
    public void drop(String database) throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(STATEMENT_SECONDS);
            try {
                st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)");
            } catch (SQLException beforePostgres13) {
                try (PreparedStatement end = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?")) {
                    end.setQueryTimeout(STATEMENT_SECONDS);
                    end.setString(1, database);
                    end.execute();
                }
                st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(database));
            }
        }
    }

    @Override
    public Optional<String> restore(Path client, String database, InputStream backup)
            throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("PGAPPNAME", APPLICATION);
        env.put("PGCONNECT_TIMEOUT", "30");
        Optional<char[]> password = settings.password();
        password.ifPresent(p -> env.put("PGPASSWORD", new String(p)));
        password.ifPresent(p -> Arrays.fill(p, '\0'));
        settings.passwordFile().ifPresent(f -> env.put("PGPASSFILE", f.toString()));
        ToolRun.Result run = ToolRun.run(List.of(client.toString(), "--no-owner", "--no-privileges",
                "--exit-on-error", "--host", settings.host(), "--port", Integer.toString(settings.port()),
                "--username", settings.user(), "--no-password", "--dbname", database), env, backup,
                settings.timeout());
        return run.succeeded() ? Optional.empty()
                : Optional.of("pg_restore failed (exit " + run.exitCode() + "): " + run.output());
    }

    @Override
    public Connection connect(String database) throws SQLException {
        Connection c = scratch.open(database);
        try (PreparedStatement st = c.prepareStatement(
                "SELECT set_config('statement_timeout', ?, false), set_config('application_name', ?, false)")) {
            st.setString(1, ScratchRestore.STATEMENT_TIMEOUT.toMillis() + "ms");
            st.setString(2, APPLICATION);
            st.execute();
        } catch (SQLException | RuntimeException e) {
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
        return Identifiers.qualified(schema, table);
    }
}
