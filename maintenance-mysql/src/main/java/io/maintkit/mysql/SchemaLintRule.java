package io.maintkit.mysql;

import io.maintkit.core.Finding;

import java.util.List;

/** A rule of {@link MysqlSchemaLint}, with the problem codes ({@link Finding#kind()}) of the findings it makes. */
public enum SchemaLintRule {
    /** A table with neither a primary key nor a unique NOT NULL key. */
    MISSING_PRIMARY_KEY("missing-primary-key"),
    /** Duplicate and redundant indexes, by pt-duplicate-key-checker's rules. */
    REDUNDANT_INDEX("duplicate-index", "redundant-index", "redundant-unique-index", "clustered-key-suffix",
            "redundant-index-needed-by-foreign-key"),
    /** A foreign key with the same columns and references as another. */
    DUPLICATE_FOREIGN_KEY("duplicate-foreign-key"),
    /**
     * A foreign key no index leads with. InnoDB creates one with the key; this shows once it was dropped with
     * {@code foreign_key_checks} off.
     */
    FOREIGN_KEY_WITHOUT_INDEX("foreign-key-without-index"),
    /** A foreign key column whose type, length, signedness, character set or collation differs. */
    FOREIGN_KEY_TYPE_MISMATCH("foreign-key-type-mismatch"),
    /** A foreign key referencing a missing table or column, or columns that are not a unique key. */
    FOREIGN_KEY_TARGET("foreign-key-target-missing", "foreign-key-to-non-unique-key"),
    /** A table of another engine than InnoDB: MyISAM, Aria, MEMORY... */
    NON_INNODB_TABLE("non-innodb-table"),
    /** A table or text column of another character set than utf8mb4 (utf8mb3, latin1...). */
    NON_UTF8MB4_TEXT("non-utf8mb4-table", "non-utf8mb4-column"),
    /** An AUTO_INCREMENT column of a type whose maximum a busy table reaches. */
    NARROW_AUTO_INCREMENT("narrow-auto-increment");

    private final List<String> kinds;

    SchemaLintRule(String... kinds) {
        this.kinds = List.of(kinds);
    }

    /** The problem codes of the findings this rule makes. */
    public List<String> kinds() {
        return kinds;
    }
}
