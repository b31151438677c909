package io.maintkit.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Statement texts an engine module keeps as resources, read once and cached. A text may contain {@code ${name}}
 * placeholders for version-gated fragments; the fragments are constants of the caller, never values from a user.
 */
public final class StatementTexts {

    private final Function<String, InputStream> resources;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    private StatementTexts(Function<String, InputStream> resources) {
        this.resources = resources;
    }

    /**
     * Texts read through the module's own resource lookup (so that its resources stay encapsulated).
     *
     * @param resources opens the resource of a statement's name, or returns null when there is none
     * @return the texts
     */
    public static StatementTexts of(Function<String, InputStream> resources) {
        return new StatementTexts(Objects.requireNonNull(resources, "resources"));
    }

    /**
     * The statement text of that name.
     *
     * @param name the statement's name
     * @return its text
     * @throws IllegalStateException when there is no such resource
     */
    public String load(String name) {
        return cache.computeIfAbsent(name, this::read);
    }

    /**
     * The statement text with its placeholders replaced.
     *
     * @param name      the statement's name
     * @param fragments the fragment of each placeholder
     * @return the text
     * @throws IllegalStateException when a placeholder is left unfilled
     */
    public String load(String name, Map<String, String> fragments) {
        String text = load(name);
        for (Map.Entry<String, String> e : fragments.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue());
        }
        if (text.contains("${")) {
            throw new IllegalStateException("statement " + name + " has an unfilled placeholder");
        }
        return text;
    }

    private String read(String name) {
        try (InputStream in = resources.apply(name)) {
            if (in == null) {
                throw new IllegalStateException("missing statement resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
