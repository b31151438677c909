package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;
import io.maintkit.mysql.internal.Texts;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@code mysql.security}: the runbook's "check for unauthorized users" and {@code mysql_secure_installation}'s
 * points: anonymous accounts, accounts without a password, {@code root} or any account with {@code SUPER}
 * reachable from any host ({@code %}), a {@code test} database, accounts with the {@code FILE} privilege other
 * than local {@code root}, {@code local_infile} on, and remote accounts that do not require TLS while
 * {@code require_secure_transport} is off. Roles and locked accounts are left out. Reading the accounts needs
 * {@code SELECT} on {@code mysql.user} (and {@code mysql.global_priv} on MariaDB): without it that part is UNKNOWN
 * with the reason. No password hash leaves the server in a finding.
 */
public final class SecurityCheck extends MysqlInspection<SecurityCheck, SecurityReport> {

    /** The check id. */
    public static final String ID = "mysql.security";

    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1");
    private static final Set<String> PASSWORD_PLUGINS = Set.of("", "mysql_native_password", "caching_sha2_password",
            "sha256_password", "mysql_old_password", "ed25519");

    private SecurityCheck(Context context) {
        super(context);
    }

    /** A check with the defaults. */
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
    SecurityReport inspect(Session session) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        boolean secureTransport = Texts.isOn(session.variable("require_secure_transport"));
        Session.Attempt rows = session.attempt(Sql.load(session.server().isMariaDb() ? "accounts-mariadb"
                : "accounts-mysql"));
        if (!rows.succeeded()) {
            findings.add(unknown("accounts-unknown", "cannot read the accounts (SELECT on mysql.user needed): "
                    + rows.reason()));
        }
        for (Row r : rows.rows()) {
            if (r.flag("is_role") || Texts.isOn(r.text("locked"))) {
                continue;
            }
            String user = String.valueOf(r.text("user"));
            String host = String.valueOf(r.text("host"));
            String account = "'" + user + "'@'" + host + "'";
            accounts.add(account);
            String plugin = String.valueOf(r.text("plugin"));
            boolean local = LOCAL_HOSTS.contains(host);
            if (user.isEmpty()) {
                findings.add(account("anonymous-account", account, Severity.CRITICAL, "anonymous account: anyone"
                        + " can log in from " + host + " without a user name"));
            } else if (PASSWORD_PLUGINS.contains(plugin) && (r.text("auth") == null || r.text("auth").isEmpty())) {
                findings.add(account("account-without-password", account, local ? Severity.WARNING
                        : Severity.CRITICAL, "account without a password, reachable from " + host));
            }
            boolean powerful = r.flag("super_priv") || "root".equals(user);
            if (powerful && "%".equals(host)) {
                findings.add(account("superuser-from-any-host", account, Severity.CRITICAL, ("root".equals(user)
                        ? "root" : "an account with SUPER") + " can log in from any host ('%')"));
            }
            if (r.flag("file_priv") && !("root".equals(user) && local)) {
                findings.add(account("file-privilege", account, Severity.WARNING, "FILE privilege: it reads and"
                        + " writes files on the server host with the server's rights"));
            }
            if (!local && !secureTransport && "".equals(String.valueOf(r.text("ssl_type")).trim())
                    && !"unix_socket".equals(plugin)) {
                findings.add(account("remote-account-without-tls", account, Severity.WARNING, "remote account"
                        + " that does not require TLS, and require_secure_transport is off: its password and data"
                        + " can cross the network in clear"));
            }
        }
        for (Row r : session.query(Sql.load("test-databases"))) {
            findings.add(Finding.of(ID, "test-database", r.text("schema_name"), Severity.WARNING, "database "
                    + r.text("schema_name") + " exists: installations grant every account access to test and"
                    + " test_% databases; drop it"));
        }
        if (Texts.isOn(session.variable("local_infile"))) {
            findings.add(Finding.of(ID, "local-infile-enabled", context.target(), Severity.WARNING, "local_infile is"
                    + " ON: a malicious server or a SQL injection can make clients send their local files"));
        }
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new SecurityReport(session.server(), accounts, findings);
    }

    private Finding account(String kind, String account, Severity severity, String summary) {
        return Finding.of(ID, kind, account, severity, summary).withDetail("target", context.target());
    }
}
