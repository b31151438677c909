package io.maintkit.core;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Predicates over findings, for exclusions and assertions; they compose with {@link Predicate#and},
 * {@link Predicate#or} and {@link Predicate#negate}.
 *
 * <pre>{@code
 * Predicate<Finding> accepted = Findings.ofKind("unused-index").and(Findings.inSchema("reporting"))
 *         .or(Findings.aboutSubject("public.audit_*"));
 * }</pre>
 */
public final class Findings {

    private Findings() {
    }

    /** Findings made by one of these checks ({@code postgres.indexes}). */
    public static Predicate<Finding> ofCheck(String... checkIds) {
        Set<String> ids = Set.of(checkIds);
        return f -> ids.contains(f.checkId());
    }

    /** Findings with one of these problem codes ({@code unused-index}). */
    public static Predicate<Finding> ofKind(String... kinds) {
        Set<String> wanted = Set.of(kinds);
        return f -> wanted.contains(f.kind());
    }

    /**
     * Findings whose subject matches a glob: {@code *} stands for any characters, {@code ?} for one
     * ({@code public.audit_*}, {@code /etc/ssl/*.pem#0}).
     */
    public static Predicate<Finding> aboutSubject(String glob) {
        Pattern pattern = globPattern(Objects.requireNonNull(glob, "glob"));
        return f -> pattern.matcher(f.subject()).matches();
    }

    /** Findings about a relation of that schema: their subject is {@code schema.name}. */
    public static Predicate<Finding> inSchema(String schema) {
        String prefix = Objects.requireNonNull(schema, "schema") + ".";
        return f -> f.subject().startsWith(prefix);
    }

    /** Findings at least as bad as {@code severity}, in {@link Severity}'s order. */
    public static Predicate<Finding> atLeast(Severity severity) {
        Objects.requireNonNull(severity, "severity");
        return f -> f.severity().rank() >= severity.rank();
    }

    private static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("(?=[*?])|(?<=[*?])")) {
            switch (literal) {
                case "*" -> regex.append(".*");
                case "?" -> regex.append('.');
                default -> regex.append(Pattern.quote(literal));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
