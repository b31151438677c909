package io.maintkit.mysql.internal;

/** Quoting of identifiers and literals put into MariaDB/MySQL statement text: the one place it is done. */
public final class Identifiers {

    private Identifiers() {
    }

    /** The identifier in backticks, inner backticks doubled: valid whatever the name holds. */
    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier cannot contain a NUL character");
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** {@code `schema`.`table`}. */
    public static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /**
     * A string literal for the few statements that take no parameters ({@code PURGE BINARY LOGS TO}, {@code KILL}
     * takes a number): single quotes doubled and backslashes escaped, valid whatever the
     * {@code NO_BACKSLASH_ESCAPES} mode, since the text holds neither unescaped.
     */
    public static String literal(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a literal cannot contain a NUL character");
        }
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** How an operator writes a table: {@code schema.table}, unquoted. */
    public static String subject(String schema, String table) {
        return schema + "." + table;
    }
}
