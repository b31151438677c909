package io.maintkit.mysql.internal;

/**
 * Decodes InnoDB's internal table names ({@code schema/table}, as {@code INNODB_SYS_TABLES} and
 * {@code INNODB_TABLES} show them), in which characters other than ASCII letters, digits and {@code _} are
 * written as {@code @xxxx} (four hex digits of the character). The server's two-character codes for some accented
 * letters are left as they are: such a table is then not recognised, which only costs a missed skip reason.
 */
public final class TableFileNames {

    private TableFileNames() {
    }

    /** {@code schema.table} as an operator writes it, from {@code schema/table}; null when the name has no slash. */
    public static String subject(String internalName) {
        int slash = internalName.indexOf('/');
        if (slash < 0) {
            return null;
        }
        return decode(internalName.substring(0, slash)) + "." + decode(internalName.substring(slash + 1));
    }

    /** {@code {schema, name}} from {@code schema/name}; null when the name has no slash. */
    public static String[] split(String internalName) {
        int slash = internalName.indexOf('/');
        if (slash < 0) {
            return null;
        }
        return new String[]{decode(internalName.substring(0, slash)), decode(internalName.substring(slash + 1))};
    }

    static String decode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '@' && isHex(encoded, i + 1)) {
                out.append((char) Integer.parseInt(encoded.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                out.append(c);
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
