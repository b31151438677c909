package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.postgres.SecurityReport.SecurityProblem;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Settings;
import io.maintkit.postgres.internal.Sql;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code postgres.security}: superusers beside the bootstrap superuser, {@code trust} and clear-text
 * {@code password} rules in {@code pg_hba.conf} (read from {@code pg_hba_file_rules}), passwords stored as MD5 and
 * {@code password_encryption = md5} where SCRAM-SHA-256 is available, {@code ssl = off} while
 * {@code listen_addresses} reaches beyond the loopback interface, schemas in which every role may create objects
 * ({@code CREATE} granted to {@code PUBLIC}), and roles that may log in without a password.
 *
 * <p>The rules of {@code pg_hba.conf} and the stored passwords are readable by superusers only by default: for any
 * other role each of those parts is an {@code UNKNOWN} finding with the reason, never silence. Five queries.
 */
public final class SecurityCheck extends PostgresInspection<SecurityCheck, SecurityReport> {

    /** The check id. */
    public static final String ID = "postgres.security";

    private SecurityCheck(Context context) {
        super(context);
    }

    /** A check of the server behind {@code dataSource}. */
    public static SecurityCheck on(DataSource dataSource) {
        return new SecurityCheck(Context.of(dataSource));
    }

    @Override
    SecurityCheck with(Context changed) {
        return new SecurityCheck(changed);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public SecurityReport inspect() throws SQLException {
        try (Session session = context.open()) {
            Found found = new Found();
            String db = session.database();
            for (Row r : session.query(Sql.load("security-roles"))) {
                found.add(SecurityProblem.Type.EXTRA_SUPERUSER, r.text("rolname"), Severity.WARNING, "superuser"
                        + (r.bool("rolcanlogin") ? " that may log in" : " (members may SET ROLE to it)")
                        + " beside the bootstrap superuser: it bypasses every permission check");
            }
            Settings settings = Settings.read(session, "ssl", "listen_addresses", "password_encryption");
            settings(settings, found);
            String[] schemas = context.scope().schemaArray();
            for (Row r : session.query(Sql.load("security-schemas"), schemas, schemas)) {
                found.add(SecurityProblem.Type.PUBLIC_CREATE, r.text("subject"), Severity.WARNING, "every role may"
                        + " create objects in schema " + r.text("subject") + ": an object named like one another role"
                        + " uses runs with that role's privileges (REVOKE CREATE ON SCHEMA " + r.text("subject")
                        + " FROM PUBLIC)");
            }
            Session.Attempt hba = session.attempt(Sql.load("security-hba", Map.of("file_name",
                    session.major() >= 16 ? "r.file_name" : "NULL::text")));
            List<Row> rules = hba.succeeded() ? hba.rows() : List.of();
            if (hba.succeeded()) {
                rules.forEach(rule -> rule(rule, found));
            } else {
                found.unknown("hba-rules-unreadable", db, "cannot read pg_hba_file_rules to check the"
                        + " authentication rules: " + hba.reason());
            }
            Session.Attempt passwords = session.attempt(Sql.load("security-passwords"));
            if (passwords.succeeded()) {
                for (Row r : passwords.rows()) {
                    password(r, rules, hba.succeeded(), found);
                }
            } else {
                found.unknown("passwords-unreadable", db, "cannot read pg_authid to check how passwords are"
                        + " stored and which login roles have none: " + passwords.reason());
            }
            return new SecurityReport(db, session.versionNum(), found.problems, found.unchecked, found.findings);
        }
    }

    private static void settings(Settings s, Found found) {
        if ("md5".equalsIgnoreCase(s.text("password_encryption"))) {
            found.add(SecurityProblem.Type.MD5_PASSWORD_ENCRYPTION, "password_encryption", Severity.WARNING,
                    "password_encryption = md5: every password set from now on is stored as an MD5 hash, which"
                            + " SCRAM-SHA-256 replaced");
        }
        String listen = s.text("listen_addresses");
        if (listen == null) {
            found.unknown("listen-addresses-unreadable", "listen_addresses", "cannot read listen_addresses to"
                    + " tell whether connections without SSL can come from the network");
        } else if (s.isOff("ssl") && listensBeyondLoopback(listen)) {
            found.add(SecurityProblem.Type.SSL_OFF, "ssl", Severity.WARNING, "ssl is off while the server listens"
                    + " on " + listen + ": passwords of clear-text rules and all data cross the network unencrypted");
        }
    }

    /** Whether {@code listen_addresses} names anything beyond the loopback interface ({@code *} does). */
    static boolean listensBeyondLoopback(String listenAddresses) {
        for (String address : listenAddresses.split(",")) {
            String a = address.trim().toLowerCase(Locale.ROOT);
            if (!a.isEmpty() && !a.equals("localhost") && !a.equals("::1") && !a.startsWith("127.")) {
                return true;
            }
        }
        return false;
    }

    private static void rule(Row rule, Found found) {
        if (!rule.isNull("error")) {
            return;
        }
        String method = String.valueOf(rule.text("auth_method"));
        String type = String.valueOf(rule.text("type"));
        String address = rule.text("address");
        String where = "local".equals(type) ? "local (Unix-domain socket) connections"
                : type + " connections from " + (address == null ? "anywhere" : address);
        String who = "database " + String.join(",", rule.texts("database")) + ", user "
                + String.join(",", rule.texts("user_name"));
        String subject = lineSubject(rule);
        if ("trust".equals(method)) {
            boolean remote = !"local".equals(type) && !loopback(address);
            found.add(SecurityProblem.Type.HBA_TRUST, subject, remote ? Severity.CRITICAL : Severity.WARNING,
                    "trust for " + where + " (" + who + "): anyone who can connect" + (remote ? " over the network"
                            : " on this host") + " logs in as any of those users without a password");
        } else if ("password".equals(method)) {
            found.add(SecurityProblem.Type.HBA_CLEARTEXT_PASSWORD, subject, Severity.WARNING, "password for "
                    + where + " (" + who + "): clients send the password in clear text (use scram-sha-256)");
        }
    }

    private static String lineSubject(Row rule) {
        String file = rule.text("file_name");
        String name = file == null ? "pg_hba.conf" : String.valueOf(Path.of(file).getFileName());
        return name + ":" + rule.longValue("line_number");
    }

    private static boolean loopback(String address) {
        if (address == null) {
            return false;
        }
        String a = address.toLowerCase(Locale.ROOT);
        return a.equals("localhost") || a.equals("::1") || a.startsWith("127.");
    }

    private static void password(Row role, List<Row> rules, boolean rulesKnown, Found found) {
        String name = role.text("rolname");
        if (role.bool("md5")) {
            found.add(SecurityProblem.Type.MD5_PASSWORD, name, Severity.WARNING, "password stored as an MD5 hash:"
                    + " set it again under password_encryption = scram-sha-256");
        }
        if (role.bool("no_password")) {
            boolean trusted = rules.stream().anyMatch(r -> r.isNull("error") && "trust".equals(r.text("auth_method"))
                    && (r.texts("user_name").contains("all") || r.texts("user_name").contains(name)));
            found.add(SecurityProblem.Type.LOGIN_WITHOUT_PASSWORD, name, trusted ? Severity.WARNING : Severity.INFO,
                    "may log in and has no password: " + (trusted ? "a trust rule of pg_hba.conf lets it in without"
                            + " one" : rulesKnown ? "it logs in only through peer, ident, certificate or GSSAPI rules"
                            : "whether a trust rule lets it in is unknown"));
        }
    }

    /** The problems, the parts that could not be checked, and their findings, in step. */
    private static final class Found {
        final List<SecurityProblem> problems = new ArrayList<>();
        final List<String> unchecked = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();

        void add(SecurityProblem.Type type, String subject, Severity severity, String summary) {
            problems.add(new SecurityProblem(type, subject, severity));
            findings.add(Finding.of(ID, type.kind(), subject, severity, summary));
        }

        void unknown(String kind, String subject, String summary) {
            unchecked.add(summary);
            findings.add(Finding.of(ID, kind, subject, Severity.UNKNOWN, summary));
        }
    }
}
