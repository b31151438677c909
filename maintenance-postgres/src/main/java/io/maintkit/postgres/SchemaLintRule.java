package io.maintkit.postgres;

/**
 * The rules of {@link PostgresSchemaLint}; each names the {@link io.maintkit.core.Finding#kind()} of its findings
 * and can be switched off with {@link PostgresSchemaLint#without(SchemaLintRule...)}.
 */
public enum SchemaLintRule {
    /** A table (or a partitioned table; not its partitions) without a primary key. */
    TABLE_WITHOUT_PRIMARY_KEY("table-without-primary-key"),
    /** A foreign key whose columns lead no valid, non-partial index (the same rule as {@code postgres.indexes}). */
    FOREIGN_KEY_WITHOUT_INDEX("fk-without-index"),
    /** An index identical to another of its table. */
    DUPLICATE_INDEX("duplicate-index"),
    /** A B-tree whose key columns lead another B-tree of its table, with the same predicate. */
    OVERLAPPING_INDEX("overlapping-index"),
    /** An index a failed {@code CREATE INDEX CONCURRENTLY} or {@code REINDEX} left invalid. */
    INVALID_INDEX("invalid-index"),
    /** A foreign key identical to another (same columns, same referenced table and columns). */
    DUPLICATE_FOREIGN_KEY("duplicate-foreign-key"),
    /** A foreign key sharing some but not all of its columns with another to the same referenced table. */
    OVERLAPPING_FOREIGN_KEY("overlapping-foreign-key"),
    /** A foreign key column whose type or type modifier differs from the referenced column's. */
    FOREIGN_KEY_TYPE_MISMATCH("fk-type-mismatch"),
    /** A foreign key or check constraint added {@code NOT VALID} and never validated. */
    NOT_VALID_CONSTRAINT("not-valid-constraint"),
    /** A B-tree index with an array key column (only equality of whole arrays uses it; GIN serves elements). */
    BTREE_ON_ARRAY("btree-on-array"),
    /** A non-unique index whose key columns are all boolean: two values cannot narrow a scan. */
    BOOLEAN_INDEX("boolean-index"),
    /** A partial index whose predicate tests {@code IS NOT NULL} on a column that is {@code NOT NULL}. */
    REDUNDANT_NOT_NULL_PREDICATE("redundant-not-null-predicate"),
    /** A multi-column foreign key with a nullable column and no {@code MATCH FULL}: partly-null rows escape it. */
    NULLABLE_FOREIGN_KEY_COLUMNS("fk-nullable-columns"),
    /** A {@code json} column where {@code jsonb} stores parsed, indexable values. */
    JSON_COLUMN("json-column"),
    /** A {@code timestamp} (without time zone) column, which stores no instant. */
    TIMESTAMP_WITHOUT_TIME_ZONE("timestamp-without-time-zone"),
    /** A {@code timetz} column: a time of day with an offset cannot follow daylight saving time. */
    TIMETZ_COLUMN("timetz-column"),
    /** A {@code money} column, whose value depends on {@code lc_monetary}. */
    MONEY_COLUMN("money-column"),
    /** A {@code char(n)} column, which pads values with blanks. */
    CHAR_COLUMN("char-column"),
    /** A {@code serial}/{@code bigserial} primary key where an identity column is available (PG10+). */
    SERIAL_PRIMARY_KEY("serial-primary-key"),
    /** A {@code serial} column outside the primary key. */
    SERIAL_COLUMN("serial-column"),
    /** A sequence whose type is narrower than the column it feeds: it runs out first. */
    NARROW_SEQUENCE("sequence-narrower-than-column"),
    /** A name with no room left under {@code max_identifier_length} (63 bytes): longer names were truncated. */
    NAME_AT_IDENTIFIER_LIMIT("name-at-identifier-limit");

    private final String kind;

    SchemaLintRule(String kind) {
        this.kind = kind;
    }

    /**
     * The kind of this rule's findings.
     *
     * @return e.g. {@code table-without-primary-key}
     */
    public String kind() {
        return kind;
    }
}
