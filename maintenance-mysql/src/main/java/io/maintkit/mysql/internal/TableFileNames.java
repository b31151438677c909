package io.maintkit.mysql.internal;

/**
 * Decodes InnoDB's internal table names ({@code schema/table}, as {@code INNODB_SYS_TABLES} and
 * {@code INNODB_TABLES} show them), in which characters other than ASCII letters, digits and {@code _} are
 * written as {@code @xxxx} (four hex digits of the character). The server writes some letters ({@code é},
 * {@code ï}, ...) as a two-character code instead ({@code @0v}), from a table of its own: such a name cannot be
 * decoded here, and the methods below answer null for it, so that no caller works with a wrong name.
 */
public final class TableFileNames {

    private TableFileNames() {
    }

    /**
     * {@code schema.table} as an operator writes it, from {@code schema/table}; null when the name has no slash or
     * holds a two-character code.
     */
    public static String subject(String internalName) {
        String[] parts = split(internalName);
        return parts == null ? null : parts[0] + "." + parts[1];
    }

    /**
     * {@code {schema, name}} from {@code schema/name}; null when the name has no slash or holds a two-character
     * code.
     */
    public static String[] split(String internalName) {
        int slash = internalName.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String schema = decode(internalName.substring(0, slash));
        String name = decode(internalName.substring(slash + 1));
        return schema == null || name == null ? null : new String[]{schema, name};
    }

    /** Whether {@link #split(String)} can name this internal name. */
    public static boolean decodable(String internalName) {
        return split(internalName) != null;
    }

    static String decode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '@') {
                out.append(c);
            } else if (isHex(encoded, i + 1)) {
                out.append((char) Integer.parseInt(encoded.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                return null;
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from) {
        if (from + 4 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 4; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
