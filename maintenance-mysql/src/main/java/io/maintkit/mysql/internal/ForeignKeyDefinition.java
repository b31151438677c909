package io.maintkit.mysql.internal;

import java.util.ArrayList;
import java.util.List;

/** One foreign key of a table: its columns and what they reference. */
public final class ForeignKeyDefinition {

    final String name;
    final String referencedSchema;
    final String referencedTable;
    final List<String> columns = new ArrayList<>();
    final List<String> referencedColumns = new ArrayList<>();

    /** A foreign key without columns yet; add them in their order with {@link #addColumn}. */
    public ForeignKeyDefinition(String name, String referencedSchema, String referencedTable) {
        this.name = name;
        this.referencedSchema = referencedSchema;
        this.referencedTable = referencedTable;
    }

    /** Adds the next column pair. */
    public void addColumn(String column, String referenced) {
        columns.add(column);
        referencedColumns.add(referenced);
    }

    /** The constraint name. */
    public String name() {
        return name;
    }

    /** Its columns, in order. */
    public List<String> columns() {
        return List.copyOf(columns);
    }

    /** The referenced table's schema. */
    public String referencedSchema() {
        return referencedSchema;
    }

    /** The referenced table. */
    public String referencedTable() {
        return referencedTable;
    }

    /** The referenced columns, in the order of {@link #columns()}. */
    public List<String> referencedColumns() {
        return List.copyOf(referencedColumns);
    }

    /** {@code (a, b) -> shop.customers (id, region)}. */
    public String describe() {
        return "(" + String.join(", ", columns) + ") -> " + referencedSchema + "." + referencedTable + " ("
                + String.join(", ", referencedColumns) + ")";
    }

    String sortedColumns() {
        return columns.stream().sorted().toList().toString();
    }

    String sortedReferencedColumns() {
        return referencedColumns.stream().sorted().toList().toString();
    }
}
