package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SecurityCheck#inspect()} found.
 *
 * @param database      the database inspected
 * @param serverVersion the server's {@code server_version_num}
 * @param problems      one entry per problem, in the order the check looks
 * @param unchecked     what could not be checked, each with the reason (a privilege this role lacks)
 * @param findings      one finding per problem and per part that could not be checked, worst first
 */
public record SecurityReport(String database, int serverVersion, List<SecurityProblem> problems,
                             List<String> unchecked, List<Finding> findings) implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public SecurityReport {
        Objects.requireNonNull(database, "database");
        problems = List.copyOf(problems);
        unchecked = List.copyOf(unchecked);
        findings = PostgresInspection.worstFirst(findings);
    }

    /** The problems of that type. */
    public List<SecurityProblem> problems(SecurityProblem.Type type) {
        return problems.stream().filter(p -> p.type() == type).toList();
    }

    /**
     * One security weakness.
     *
     * @param type     what is wrong
     * @param subject  the role, schema, setting or {@code pg_hba.conf} line it is about
     * @param severity how bad it is
     */
    public record SecurityProblem(Type type, String subject, Severity severity) {

        /** What is wrong; each type names the {@link Finding#kind()} of its finding. */
        public enum Type {
            /** A superuser beside the bootstrap superuser. */
            EXTRA_SUPERUSER("extra-superuser"),
            /** A {@code pg_hba.conf} rule that lets clients in without any authentication. */
            HBA_TRUST("hba-trust"),
            /** A {@code pg_hba.conf} rule that has clients send their password in clear text. */
            HBA_CLEARTEXT_PASSWORD("hba-cleartext-password"),
            /** A role whose password is stored as an MD5 hash where SCRAM-SHA-256 is available. */
            MD5_PASSWORD("md5-password"),
            /** {@code password_encryption = md5}: passwords set from now on are stored as MD5 hashes. */
            MD5_PASSWORD_ENCRYPTION("password-encryption-md5"),
            /** {@code ssl = off} while the server listens beyond the loopback interface. */
            SSL_OFF("ssl-off"),
            /** A schema in which every role may create objects. */
            PUBLIC_CREATE("public-schema-create"),
            /** A role that may log in and has no password: it logs in wherever a rule needs none. */
            LOGIN_WITHOUT_PASSWORD("login-without-password");

            private final String kind;

            Type(String kind) {
                this.kind = kind;
            }

            /** The finding's kind, e.g. {@code hba-trust}. */
            public String kind() {
                return kind;
            }
        }

        /** Validates the fields. */
        public SecurityProblem {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(severity, "severity");
        }
    }
}
