package io.maintkit.mysql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which schemas (databases) and tables an inspection looks at: the included schemas (none means every schema but
 * the server's own) and exclusion patterns. A pattern without a dot matches a table's name, a pattern with a dot
 * matches {@code schema.table}; {@code *} matches any run of characters and {@code ?} one character. Filtering
 * happens on the client, so a catalog query never carries one parameter per name.
 */
public record Scope(List<String> schemas, List<String> exclusions) {

    /** The server's own schemas, never inspected. */
    public static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "information_schema", "performance_schema",
            "sys");
    /** Every user schema, nothing excluded. */
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

    /** Whether a table of that schema is looked at. */
    public boolean includes(String schema, String table) {
        if (SYSTEM_SCHEMAS.contains(schema) || !schemas.isEmpty() && !schemas.contains(schema)) {
            return false;
        }
        for (String p : exclusions) {
            boolean qualified = p.indexOf('.') >= 0;
            if (glob(p).matcher(qualified ? schema + "." + table : table).matches()) {
                return false;
            }
        }
        return true;
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
