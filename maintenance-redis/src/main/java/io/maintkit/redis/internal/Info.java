package io.maintkit.redis.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A parsed {@code INFO} reply: {@code name:value} fields read by name, never by position, so that fields added by
 * later versions (7.4's {@code subexpiry=} in keyspace lines) or by forks (Valkey's {@code server_name}) change
 * nothing. Values of the form {@code a=1,b=2} ({@code db0}, {@code slave0}, {@code errorstat_OOM}) are read with
 * {@link #compound(String)}.
 *
 * <p>Bounded: at most {@value #MAX_CHARS} characters, {@value #MAX_FIELDS} fields and {@value #MAX_LINE} characters
 * per line are read; anything beyond, and every line that is not {@code name:value}, is listed in
 * {@link #problems()} instead of failing.
 */
public final class Info {

    /** The most characters of a reply read. */
    public static final int MAX_CHARS = 4 * 1024 * 1024;
    /** The most fields kept. */
    public static final int MAX_FIELDS = 10_000;
    /** The longest line read. */
    public static final int MAX_LINE = 64 * 1024;
    private static final int MAX_PROBLEMS = 20;

    private final Map<String, String> fields;
    private final List<String> problems;

    private Info(Map<String, String> fields, List<String> problems) {
        this.fields = Collections.unmodifiableMap(fields);
        this.problems = List.copyOf(problems);
    }

    /** Parses a reply; never throws, {@code null} gives an empty result. */
    public static Info parse(String reply) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (reply == null) {
            return new Info(fields, problems);
        }
        String text = reply;
        if (text.length() > MAX_CHARS) {
            note(problems, "reply truncated at " + MAX_CHARS + " of " + text.length() + " characters");
            text = text.substring(0, MAX_CHARS);
        }
        int lineNumber = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            String line = text.substring(start, end).strip();
            start = end + 1;
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            if (line.length() > MAX_LINE) {
                note(problems, "line " + lineNumber + ": longer than " + MAX_LINE + " characters, skipped");
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                note(problems, "line " + lineNumber + ": not name:value");
                continue;
            }
            if (fields.size() >= MAX_FIELDS) {
                note(problems, "more than " + MAX_FIELDS + " fields, the rest skipped");
                break;
            }
            fields.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return new Info(fields, problems);
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }

    /** Every field, in reply order. */
    public Map<String, String> fields() {
        return fields;
    }

    /** What could not be parsed, at most 20 lines; empty for a well-formed reply. */
    public List<String> problems() {
        return problems;
    }

    /** A field's text. */
    public Optional<String> text(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** A field as a whole number; empty when missing or not a number. */
    public OptionalLong number(String name) {
        String value = fields.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A field as a decimal number; empty when missing or not a finite number. */
    public OptionalDouble decimal(String name) {
        String value = fields.get(name);
        if (value == null) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(value.trim());
            return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** A field of the form {@code a=1,b=2} as a map; empty when missing. Parts without {@code =} are skipped. */
    public Map<String, String> compound(String name) {
        String value = fields.get(name);
        return value == null ? Map.of() : compoundValue(value);
    }

    /** Parses {@code a=1,b=2}; parts without {@code =} are skipped. */
    public static Map<String, String> compoundValue(String value) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return Collections.unmodifiableMap(parts);
    }

    /** The names of fields starting with {@code prefix}, in reply order ({@code slave}, {@code db}). */
    public List<String> namesStartingWith(String prefix) {
        return fields.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
    }

    /** The keyspace lines ({@code db0:keys=1,expires=0,avg_ttl=0[,subexpiry=0]}) by database index. */
    public Map<Integer, Keyspace> keyspace() {
        Map<Integer, Keyspace> databases = new LinkedHashMap<>();
        for (String name : namesStartingWith("db")) {
            try {
                int index = Integer.parseInt(name.substring(2));
                Map<String, String> parts = compound(name);
                databases.put(index, new Keyspace(longOf(parts.get("keys")), longOf(parts.get("expires"))));
            } catch (NumberFormatException e) {
                // a field that merely starts with "db"
            }
        }
        return databases;
    }

    /** A count from a compound value; 0 when missing or malformed. */
    public static long longOf(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The server's flavour and version: {@code server_name}/{@code valkey_version} before {@code redis_version}. */
    public ServerVersion version() {
        String name = text("server_name").orElse("redis");
        String version = text("valkey_version").or(() -> text("redis_version")).orElse("0");
        return ServerVersion.of(name, version);
    }

    /**
     * One database's counts.
     *
     * @param keys    keys in the database
     * @param expires keys with a time to live
     */
    public record Keyspace(long keys, long expires) {
    }
}
