package io.maintkit.mysql.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Statement texts kept as resources under {@code io/maintkit/mysql/internal/sql/}, each sent with a leading
 * {@code /* maintkit <name> *}{@code /} comment so an operator can tell maintkit's statements in the process
 * list. A text may contain {@code ${name}} placeholders for flavour- or version-gated fragments; the fragments
 * are constants of the caller, never values from a user.
 */
public final class Sql {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Sql() {
    }

    /** The statement text of that name (without {@code .sql}). */
    public static String load(String name) {
        return CACHE.computeIfAbsent(name, Sql::read);
    }

    /** The statement text with its placeholders replaced by the given fragments. */
    public static String load(String name, Map<String, String> fragments) {
        String text = load(name);
        for (Map.Entry<String, String> e : fragments.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        if (text.contains("${")) {
            throw new IllegalStateException("statement " + name + " has an unfilled placeholder");
        }
        return text;
    }

    private static String read(String name) {
        String path = "sql/" + name + ".sql";
        try (InputStream in = Sql.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing statement resource " + path);
            }
            return "/* maintkit " + name + " */ " + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
