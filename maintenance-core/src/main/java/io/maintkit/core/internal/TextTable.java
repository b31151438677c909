package io.maintkit.core.internal;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns; the last column is never padded. */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** A table with these headers. */
    public TextTable(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    /** Adds a row; missing cells are empty, line breaks are flattened. */
    public TextTable row(String... cells) {
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
            row[i] = i < cells.length && cells[i] != null ? cells[i].replace('\n', ' ') : "";
        }
        rows.add(row);
        return this;
    }

    /** The table, one line per row, each ending with a newline. */
    public String render() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
