package io.maintkit.postgres.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which schemas and relations an inspection looks at: the included schemas (none means every non-system schema)
 * and exclusion patterns. A pattern without a dot matches a relation's name, a pattern with a dot matches
 * {@code schema.name}; {@code *} matches any run of characters and {@code ?} one character. Names are the
 * unquoted catalog names.
 */
public record Scope(List<String> schemas, List<String> exclusions) {

    /** Every non-system schema, nothing excluded. */
    public static final Scope ALL = new Scope(List.of(), List.of());

    /** Validates and copies. */
    public Scope {
        schemas = List.copyOf(schemas);
        exclusions = List.copyOf(exclusions);
    }

    /** This scope limited to the given schemas. */
    public Scope withSchemas(String... names) {
        for (String n : names) {
            Objects.requireNonNull(n, "schema");
        }
        return new Scope(List.of(names), exclusions);
    }

    /** This scope with more exclusions. */
    public Scope excluding(String... patterns) {
        List<String> all = new ArrayList<>(exclusions);
        for (String p : patterns) {
            all.add(Objects.requireNonNull(p, "pattern"));
        }
        return new Scope(schemas, all);
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

    /** The schemas as a JDBC array parameter. */
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
