package io.maintkit.spring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one check's health says, independent of the Boot version: a status code ({@code UP}, {@code DOWN},
 * {@code UNKNOWN} or one the host names) and details made of strings, numbers, lists and maps only.
 *
 * @param status  the status code
 * @param details the details, JSON-serialisable as they are
 */
public record HealthView(String status, Map<String, Object> details) {

    /** Checks and copies, keeping the order of the details. */
    public HealthView {
        Objects.requireNonNull(status, "status");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
