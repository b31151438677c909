package io.maintkit.postgres.internal;

/** Quoting of identifiers put into SQL text. */
public final class Identifiers {

    private Identifiers() {
    }

    /** The identifier in double quotes, inner quotes doubled: always valid, whatever the name holds. */
    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier cannot contain a NUL character");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
