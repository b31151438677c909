package io.maintkit.postgres.internal;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Server settings read from {@code pg_settings} in one query; absent names are settings this version lacks. */
public final class Settings {

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Reads the named settings. */
    public static Settings read(Session session, String... names) throws SQLException {
        Map<String, String> v = new HashMap<>();
        for (Row r : session.query(Statements.SETTINGS, (Object) names)) {
            v.put(r.text("name"), r.text("setting"));
        }
        return new Settings(v);
    }

    /** Whether the server has this setting. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The raw value, or null. */
    public String text(String name) {
        return values.get(name);
    }

    /** A numeric setting in its base unit, or {@code otherwise} when absent. */
    public double number(String name, double otherwise) {
        String v = values.get(name);
        return v == null ? otherwise : Double.parseDouble(v);
    }

    /** Whether a boolean setting is off; false when absent. */
    public boolean isOff(String name) {
        String v = values.get(name);
        return v != null && falsy(v);
    }

    static boolean falsy(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("off") || v.equals("false") || v.equals("0") || v.equals("no") || v.equals("f");
    }
}
