package io.maintkit.mysql;

import io.maintkit.backup.BackupFormat;
import io.maintkit.backup.RestoreSettings;
import io.maintkit.backup.ScratchConnections;
import io.maintkit.backup.ScratchRestore;
import io.maintkit.core.internal.OptionFile;
import io.maintkit.core.internal.ToolRun;
import io.maintkit.mysql.internal.Identifiers;
import io.maintkit.mysql.internal.SingleDatabaseGuard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** MariaDB's (and MySQL's) part of a scratch restore: the {@code mariadb} client into a scratch schema. */
final class MysqlScratch implements ScratchRestore.Engine {

    private static final int STATEMENT_SECONDS = (int) ScratchRestore.STATEMENT_TIMEOUT.toSeconds();

    private final DataSource admin;
    private final ScratchConnections scratch;
    private final RestoreSettings settings;

    MysqlScratch(DataSource admin, ScratchConnections scratch, RestoreSettings settings) {
        this.admin = admin;
        this.scratch = scratch;
        this.settings = settings;
    }

    @Override
    public Set<BackupFormat> formats() {
        return Set.of(BackupFormat.MYSQL_DUMP);
    }

    @Override
    public List<String> clientNames() {
        return List.of("mariadb", "mysql");
    }

    @Override
    public String clientOption() {
        return "client(path)";
    }

    @Override
    public void create(String schema) throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(STATEMENT_SECONDS);
            st.execute("CREATE DATABASE " + Identifiers.quote(schema));
        }
    }

    @Override
    public void drop(String schema) throws SQLException {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(STATEMENT_SECONDS);
            st.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(schema));
        }
    }

    @Override
    public Optional<String> restore(Path client, String schema, InputStream backup)
            throws IOException, InterruptedException {
        Path optionFile = null;
        try {
            List<String> command = new ArrayList<>();
            command.add(client.toString());
            Optional<char[]> password = settings.password();
            if (password.isPresent()) {
                optionFile = OptionFile.withPassword(password.get());
                Arrays.fill(password.get(), '\0');
                command.add("--defaults-extra-file=" + optionFile);
            } else if (settings.passwordFile().isPresent()) {
                command.add("--defaults-extra-file=" + settings.passwordFile().get());
            }
            command.addAll(List.of("--host=" + settings.host(), "--port=" + settings.port(),
                    "--user=" + settings.user(), "--protocol=TCP", "--connect-timeout=30", "--batch",
                    "--binary-mode", "--database=" + schema));
            ToolRun.Result run;
            String refusal;
            try (SingleDatabaseGuard in = new SingleDatabaseGuard(backup)) {
                run = ToolRun.run(command, Map.of(), in, settings.timeout());
                refusal = in.refusal();
            }
            if (refusal != null) {
                return Optional.of("not restored: " + refusal);
            }
            return run.succeeded() ? Optional.empty()
                    : Optional.of(client.getFileName() + " failed (exit " + run.exitCode() + "): " + run.output());
        } finally {
            if (optionFile != null) {
                Files.deleteIfExists(optionFile);
            }
        }
    }

    @Override
    public Connection connect(String schema) throws SQLException {
        Connection c = scratch.open(schema);
        long seconds = ScratchRestore.STATEMENT_TIMEOUT.toSeconds();
        try (Statement st = c.createStatement()) {
            st.execute("USE " + Identifiers.quote(schema));
            try {
                st.execute("SET SESSION max_statement_time = " + seconds);
            } catch (SQLException mysql) {
                st.execute("SET SESSION max_execution_time = " + seconds * 1000);
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public String tableExists() {
        return "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?";
    }

    @Override
    public String qualified(String schema, String table) {
        return Identifiers.qualified(schema, table);
    }
}
