package io.maintkit.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which schemas and relations an inspection of a SQL engine looks at: the included schemas (none means every
 * schema but the engine's own), the engine's own schemas, never looked at, and exclusion patterns. A pattern
 * without a dot matches a relation's name, a pattern with a dot matches {@code schema.name}; {@code *} matches any
 * run of characters and {@code ?} one character. Names are the unquoted catalog names.
 *
 * @param schemas      the included schemas; empty for all
 * @param exclusions   the exclusion patterns
 * @param systemSchemas the engine's own schemas, never included (an engine that filters them in SQL leaves it empty)
 */
public record Scope(List<String> schemas, List<String> exclusions, Set<String> systemSchemas) {

    /** Every schema, nothing excluded. */
    public static final Scope ALL = new Scope(List.of(), List.of(), Set.of());

    /** Validates and copies. */
    public Scope {
        schemas = List.copyOf(schemas);
        exclusions = List.copyOf(exclusions);
        systemSchemas = Set.copyOf(systemSchemas);
    }

    /** This scope never including the engine's own schemas {@code names}. */
    public Scope withSystemSchemas(String... names) {
        return new Scope(schemas, exclusions, Set.of(names));
    }

    /** This scope limited to the given schemas. */
    public Scope withSchemas(String... names) {
        for (String n : names) {
            Objects.requireNonNull(n, "schema");
        }
        return new Scope(List.of(names), exclusions, systemSchemas);
    }

    /** This scope with more exclusions. */
    public Scope excluding(String... patterns) {
        List<String> all = new ArrayList<>(exclusions);
        for (String p : patterns) {
            all.add(Objects.requireNonNull(p, "pattern"));
        }
        return new Scope(schemas, all, systemSchemas);
    }

    /** Whether a relation is excluded by a pattern. */
    public boolean excludes(String schema, String name) {
        for (String p : exclusions) {
            boolean qualified = p.indexOf('.') >= 0;
            if (glob(p).matcher(qualified ? schema + "." + name : name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a relation of that schema is looked at: its schema is included and no pattern excludes it. */
    public boolean includes(String schema, String name) {
        return !systemSchemas.contains(schema) && (schemas.isEmpty() || schemas.contains(schema))
                && !excludes(schema, name);
    }

    /** The schemas as a JDBC array parameter, for engines that filter schemas in SQL. */
    public String[] schemaArray() {
        return schemas.toArray(String[]::new);
    }

    private static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
