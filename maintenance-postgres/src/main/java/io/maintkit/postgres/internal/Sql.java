package io.maintkit.postgres.internal;

import io.maintkit.core.internal.StatementTexts;

import java.util.Map;

/**
 * Statement texts kept as resources under {@code io/maintkit/postgres/internal/sql/}. A text may contain
 * {@code ${name}} placeholders for version-gated fragments; the fragments are constants of the caller, never
 * values from a user.
 */
public final class Sql {

    private static final StatementTexts TEXTS =
            StatementTexts.of(name -> Sql.class.getResourceAsStream("sql/" + name + ".sql"));

    private Sql() {
    }

    /** The statement text of that name (without {@code .sql}). */
    public static String load(String name) {
        return TEXTS.load(name);
    }

    /** The statement text with its placeholders replaced by the given fragments. */
    public static String load(String name, Map<String, String> fragments) {
        return TEXTS.load(name, fragments);
    }
}
