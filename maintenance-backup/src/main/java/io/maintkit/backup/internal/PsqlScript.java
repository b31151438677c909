package io.maintkit.backup.internal;

import java.nio.charset.StandardCharsets;

/**
 * Follows the <code>&#92;restrict</code> and <code>&#92;unrestrict</code> lines of a plain pg_dump or pg_dumpall
 * script, line by line, in bounded memory. pg_dump 13.22, 14.19, 15.14, 16.10, 17.6 and later open each database's
 * script with <code>&#92;restrict KEY</code> and close it with <code>&#92;unrestrict KEY</code>; pg_dumpall writes one
 * pair around its globals and one per database (closing and reopening it around <code>&#92;connect</code>). Pairs
 * must follow one another with the same key: an <code>&#92;unrestrict</code> with nothing open means the opening line
 * was damaged (psql then stops on it), one left open means the script was cut. Other backslash lines are not judged:
 * function bodies and COPY data may start lines with a backslash.
 */
public final class PsqlScript {

    private static final int KEEP = 256;
    private static final int MAX_KEY = 128;

    private final byte[] line = new byte[KEEP];
    private int lineLength;
    private long lineNumber;
    private String open;
    private int pairs;
    private String broken;

    /** Takes the next bytes of the script. */
    public void accept(byte[] b, int off, int len) {
        if (broken != null) {
            return;
        }
        int stop = off + len;
        for (int i = off; i < stop; i++) {
            byte c = b[i];
            if (c == '\n') {
                endLine();
                if (broken != null) {
                    return;
                }
                continue;
            }
            if (lineLength < KEEP) {
                line[lineLength++] = c;
            }
        }
    }

    private void endLine() {
        lineNumber++;
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        if (lineLength > 2 && line[0] == '\\' && (line[1] == 'r' || line[1] == 'u')) {
            metaCommand(new String(line, 0, lineLength, StandardCharsets.ISO_8859_1));
        }
        lineLength = 0;
    }

    private void metaCommand(String text) {
        if (text.startsWith("\\restrict ")) {
            String key = key(text.substring("\\restrict ".length()));
            if (key == null) {
                return;
            }
            if (open != null) {
                broken = "line " + lineNumber + " opens \\restrict while the one before is still open";
            } else {
                open = key;
            }
        } else if (text.startsWith("\\unrestrict ")) {
            String key = key(text.substring("\\unrestrict ".length()));
            if (key == null) {
                return;
            }
            if (open == null) {
                broken = "line " + lineNumber + " is an \\unrestrict line without the \\restrict line that opens it"
                        + " (the opening line was damaged or removed)";
            } else if (!open.equals(key)) {
                broken = "line " + lineNumber + " closes \\restrict with another key than the one it opened with";
            } else {
                open = null;
                pairs++;
            }
        }
    }

    private static String key(String text) {
        String key = text.strip();
        if (key.isEmpty() || key.length() > MAX_KEY || !key.chars().allMatch(Character::isLetterOrDigit)) {
            return null;
        }
        return key;
    }

    /**
     * What the lines show once the whole script was read: null when every <code>&#92;restrict</code> was closed
     * by its <code>&#92;unrestrict</code>, the problem otherwise.
     */
    public String problem() {
        if (broken != null) {
            return broken;
        }
        if (open != null) {
            return "the dump opens with \\restrict but does not end with the matching \\unrestrict line";
        }
        return null;
    }

    /** How many <code>&#92;restrict</code>/<code>&#92;unrestrict</code> pairs were closed. */
    public int pairs() {
        return pairs;
    }
}
