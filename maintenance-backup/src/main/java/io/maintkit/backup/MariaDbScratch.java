package io.maintkit.backup;

import io.maintkit.backup.internal.FormatSniffer;
import io.maintkit.backup.internal.OptionFile;
import io.maintkit.backup.internal.SingleDatabaseGuard;
import io.maintkit.backup.internal.ToolRun;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** MariaDB's (and MySQL's) part of a scratch restore: the {@code mariadb} client into a scratch schema. */
final class MariaDbScratch implements ScratchRestore.Engine {

    static final MariaDbScratch INSTANCE = new MariaDbScratch();

    private static final Pattern URL = Pattern.compile("^(jdbc:(?:mariadb|mysql))(?::[a-z:]+)?://([^/?]*)(/[^?]*)?(\\?.*)?$");

    private MariaDbScratch() {
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
    public Optional<String> cannotRestore(BackupStore store, BackupEntry backup, BackupFormat format)
            throws IOException {
        if (format == BackupFormat.MYSQL_DUMP) {
            return Optional.empty();
        }
        if (format == BackupFormat.GZIP) {
            byte[] head;
            try (InputStream in = new GZIPInputStream(store.open(backup.name()))) {
                head = in.readNBytes(FormatSniffer.HEAD);
            }
            if (FormatSniffer.sniffText(new String(head, StandardCharsets.ISO_8859_1)) == BackupFormat.MYSQL_DUMP) {
                return Optional.empty();
            }
            return Optional.of("the mariadb client restores MariaDB/MySQL dumps; the gzip " + backup.name()
                    + " holds something else");
        }
        return Optional.of("the mariadb client restores MariaDB/MySQL dumps; " + backup.name() + " is a "
                + format.label());
    }

    @Override
    public ScratchRestore.Server server(Connection admin, RestoreSettings s) throws SQLException {
        DatabaseMetaData meta = admin.getMetaData();
        String url = meta.getURL();
        Matcher m = URL.matcher(url == null ? "" : url);
        if (!m.matches()) {
            throw new SQLException("the data source does not report a jdbc:mariadb:// or jdbc:mysql:// URL");
        }
        String first = m.group(2).split(",")[0];
        String urlHost = first;
        int urlPort = 3306;
        int colon = first.lastIndexOf(':');
        if (colon > 0 && !first.endsWith("]")) {
            urlHost = first.substring(0, colon);
            urlPort = Integer.parseInt(first.substring(colon + 1));
        }
        if (s.host() == null && (urlHost.isEmpty() || urlHost.contains("("))) {
            throw new SQLException("cannot tell the host from the data source's URL; configure connection(host,"
                    + " port, user)");
        }
        String h = s.host() != null ? s.host() : urlHost.replace("[", "").replace("]", "");
        int p = s.port() != null ? s.port() : urlPort;
        String u = s.user() != null ? s.user() : userName(meta);
        String bracketed = h.contains(":") ? "[" + h + "]" : h;
        String suffix = m.group(4) == null ? "" : PostgresScratch.withoutCredentials(m.group(4));
        return new ScratchRestore.Server(h, p, u, m.group(1) + "://" + bracketed + ":" + p + "/", suffix);
    }

    /** The login name; MySQL Connector/J reports {@code user@client-host}. */
    private static String userName(DatabaseMetaData meta) throws SQLException {
        String user = meta.getUserName();
        if (user == null) {
            throw new SQLException("the data source does not report its user; configure connection(host, port, user)");
        }
        int at = user.lastIndexOf('@');
        return at > 0 && meta.getDriverName().toLowerCase(java.util.Locale.ROOT).contains("mysql")
                ? user.substring(0, at) : user;
    }

    @Override
    public void create(Statement admin, String scratch) throws SQLException {
        admin.execute("CREATE DATABASE " + quote(scratch));
    }

    @Override
    public void drop(Statement admin, String scratch) throws SQLException {
        admin.execute("DROP DATABASE IF EXISTS " + quote(scratch));
    }

    @Override
    public Optional<String> restore(Path client, ScratchRestore.Server server, String scratch, RestoreSettings s,
                                    BackupStore store, BackupEntry backup, BackupFormat format)
            throws IOException, InterruptedException {
        Path optionFile = null;
        try {
            List<String> command = new ArrayList<>();
            command.add(client.toString());
            if (s.password() != null) {
                optionFile = OptionFile.withPassword(s.password());
                command.add("--defaults-extra-file=" + optionFile);
            } else if (s.passwordFile() != null) {
                command.add("--defaults-extra-file=" + s.passwordFile());
            }
            command.addAll(List.of("--host=" + server.host(), "--port=" + server.port(), "--user=" + server.user(),
                    "--protocol=TCP", "--connect-timeout=30", "--batch", "--binary-mode", "--database=" + scratch));
            ToolRun.Result run;
            String refusal;
            try (InputStream raw = store.open(backup.name());
                 SingleDatabaseGuard in = new SingleDatabaseGuard(format == BackupFormat.GZIP
                         ? new GZIPInputStream(raw, 1 << 16) : raw)) {
                run = ToolRun.run(command, Map.of(), in, s.timeout());
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
    public Connection connect(ScratchRestore.Server server, String scratch, RestoreSettings s) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", server.user());
        if (s.password() != null) {
            props.setProperty("password", new String(s.password()));
        }
        Connection c = DriverManager.getConnection(server.jdbcUrl(scratch), props);
        long seconds = ScratchRestore.STATEMENT_TIMEOUT.toSeconds();
        try (Statement st = c.createStatement()) {
            try {
                st.execute("SET SESSION max_statement_time = " + seconds);
            } catch (SQLException mysql) {
                st.execute("SET SESSION max_execution_time = " + seconds * 1000);
            }
        } catch (SQLException e) {
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
        return quote(schema) + "." + quote(table);
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
