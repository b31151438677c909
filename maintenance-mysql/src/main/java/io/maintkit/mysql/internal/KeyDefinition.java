package io.maintkit.mysql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One index of a table as the catalog describes it, with the state pt-duplicate-key-checker's rules keep. */
public final class KeyDefinition {

    final String name;
    final String type;
    final boolean unique;
    final List<String> columns = new ArrayList<>();
    final List<Long> subParts = new ArrayList<>();
    private final StringBuilder definition = new StringBuilder();
    String colnames;
    boolean nullable;
    boolean hidden;
    private boolean functional;
    boolean uniqueColumn;
    boolean exactDuplicate;
    KeyDefinition constrainingKey;
    String unconstrained;

    /** A key without columns yet; add them in their order with {@link #addColumn}. */
    public KeyDefinition(String name, String type, boolean unique, boolean hidden) {
        this.name = name;
        this.type = type == null ? "BTREE" : type;
        this.unique = unique;
        this.hidden = hidden;
    }

    /** Adds the next column (or a functional part's expression when {@code column} is null). */
    public void addColumn(String column, String expression, Long subPart, boolean isNullable, boolean descending) {
        String token = column != null ? Identifiers.quote(column) : "(" + expression + ")";
        if (subPart != null) {
            token += "(" + subPart + ")";
        }
        if (descending) {
            token += " DESC";
        }
        if (definition.length() > 0) {
            definition.append(',');
        }
        definition.append(token);
        columns.add(column != null ? column : "(" + expression + ")");
        subParts.add(subPart);
        functional |= column == null;
        nullable |= isNullable;
        colnames = definition.toString();
    }

    /** The index name. */
    public String name() {
        return name;
    }

    /** How many columns (or functional parts) it has. */
    public int columnCount() {
        return columns.size();
    }

    /** Its columns in order; a functional part as its parenthesized expression. */
    public List<String> columns() {
        return List.copyOf(columns);
    }

    /** Whether every part is a whole column: no prefix length, no expression. */
    public boolean wholeColumns() {
        return !functional && subParts.stream().allMatch(Objects::isNull);
    }

    /** Whether it is the primary key. */
    public boolean primary() {
        return "PRIMARY".equals(name);
    }

    /** Whether it is unique (the primary key included). */
    public boolean unique() {
        return unique;
    }

    /** Whether a column of it may be NULL. */
    public boolean nullable() {
        return nullable;
    }

    /** Whether it is ignored (MariaDB) or invisible (MySQL). */
    public boolean hidden() {
        return hidden;
    }

    /** {@code BTREE}, {@code HASH}, {@code FULLTEXT}, {@code SPATIAL}. */
    public String type() {
        return type;
    }

    /** The columns as {@code SHOW CREATE TABLE} writes them: {@code `a`,`b`(10)}. */
    public String definition() {
        return definition.toString();
    }

    /**
     * Whether a foreign key on {@code fkColumns} can use this index: its first columns are those, in that order,
     * each whole (no prefix length).
     */
    public boolean supports(List<String> fkColumns) {
        if (fkColumns.size() > columns.size() || "FULLTEXT".equals(type) || "SPATIAL".equals(type)) {
            return false;
        }
        for (int i = 0; i < fkColumns.size(); i++) {
            if (!columns.get(i).equalsIgnoreCase(fkColumns.get(i)) || subParts.get(i) != null) {
                return false;
            }
        }
        return true;
    }
}
