package io.maintkit.postgres.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** A relation's storage parameters ({@code pg_class.reloptions}, {@code name=value} strings). */
public final class RelOptions {

    private final Map<String, String> options;

    private RelOptions(Map<String, String> options) {
        this.options = options;
    }

    /** Parses {@code reloptions}. */
    public static RelOptions of(List<String> reloptions) {
        Map<String, String> m = new HashMap<>();
        for (String o : reloptions) {
            int eq = o.indexOf('=');
            if (eq > 0) {
                m.put(o.substring(0, eq), o.substring(eq + 1));
            }
        }
        return new RelOptions(m);
    }

    /** A numeric option, if set. */
    public OptionalDouble number(String name) {
        String v = options.get(name);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The option's number if the relation sets it, else the server setting of the same name, else {@code fallback}. */
    public double numberOr(String name, Settings settings, double fallback) {
        return number(name).orElse(settings.number(name, fallback));
    }

    /**
     * An autovacuum trigger, {@code <prefix>_threshold + <prefix>_scale_factor * reltuples}, each part from the
     * relation's storage parameters or else the server's settings: {@code prefix} is {@code autovacuum_vacuum},
     * {@code autovacuum_vacuum_insert} or {@code autovacuum_analyze}.
     */
    public double trigger(String prefix, Settings settings, double defaultThreshold, double defaultScale,
                          double reltuples) {
        return numberOr(prefix + "_threshold", settings, defaultThreshold)
                + numberOr(prefix + "_scale_factor", settings, defaultScale) * reltuples;
    }

    /** Whether a boolean option is set to false ({@code off}, {@code false}, {@code 0}, ...). */
    public boolean isOff(String name) {
        String v = options.get(name);
        return v != null && Settings.falsy(v);
    }
}
