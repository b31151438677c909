package io.maintkit.redis.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The resume position of a pass over several nodes, as one string a caller can keep: {@code <node id>:<cursor>}
 * per primary, comma-separated; a primary done is at cursor {@code 0}, a primary not started is not listed. A pass
 * over one node keeps the plain SCAN cursor. {@code 0} alone means the pass is complete.
 */
public final class NodeCursors {

    private static final Pattern ENTRY = Pattern.compile("[0-9A-Za-z]{1,64}:[0-9]{1,20}");

    private NodeCursors() {
    }

    /** Whether a position says the pass is complete. */
    public static boolean done(String position) {
        return "0".equals(position);
    }

    /**
     * Reads a position.
     *
     * @param position null or {@code 0} to start over
     * @param cluster  whether it is a cluster's (per node) or one node's (its key is the empty node id)
     * @throws IllegalArgumentException when it is not a position this class wrote
     */
    public static Map<String, String> parse(String position, boolean cluster) {
        Map<String, String> cursors = new LinkedHashMap<>();
        if (position == null || done(position) || position.isEmpty()) {
            return cursors;
        }
        if (!cluster) {
            if (!position.matches("[0-9]{1,20}")) {
                throw new IllegalArgumentException("not a SCAN cursor: " + Texts.shorten(position, 80));
            }
            cursors.put("", position);
            return cursors;
        }
        for (String entry : position.split(",", 1_000)) {
            if (!ENTRY.matcher(entry).matches()) {
                throw new IllegalArgumentException("not a cluster position (<node id>:<cursor>,...): "
                        + Texts.shorten(position, 80));
            }
            int colon = entry.indexOf(':');
            cursors.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return cursors;
    }

    /**
     * Writes a cluster's position: {@code 0} when every node listed is done and none was left out; nodes with an
     * empty cursor (not started, or failed before their first batch) are left out, so a resume starts them over.
     */
    public static String format(Map<String, String> cursors) {
        boolean complete = cursors.values().stream().allMatch("0"::equals);
        if (complete) {
            return "0";
        }
        StringBuilder out = new StringBuilder();
        cursors.forEach((node, cursor) -> {
            if (!cursor.isEmpty()) {
                out.append(out.isEmpty() ? "" : ",").append(node).append(':').append(cursor);
            }
        });
        return out.isEmpty() ? "" : out.toString();
    }
}
