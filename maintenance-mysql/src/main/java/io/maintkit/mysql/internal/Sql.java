package io.maintkit.mysql.internal;

import io.maintkit.core.internal.StatementTexts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Statement texts kept as resources under {@code io/maintkit/mysql/internal/sql/}, each sent with a leading
 * {@code /* maintkit <name> *}{@code /} comment so an operator can tell maintkit's statements in the process
 * list. A text may contain {@code ${name}} placeholders for flavour- or version-gated fragments; the fragments
 * are constants of the caller, never values from a user.
 */
public final class Sql {

    private static final StatementTexts TEXTS = StatementTexts.of(Sql::commented);

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

    private static InputStream commented(String name) {
        try (InputStream in = Sql.class.getResourceAsStream("sql/" + name + ".sql")) {
            if (in == null) {
                return null;
            }
            String text = "/* maintkit " + name + " */ " + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
