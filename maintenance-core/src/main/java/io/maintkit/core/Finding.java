package io.maintkit.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One thing a check found about one subject: "table {@code billing.invoices} is 42 % bloated".
 *
 * <p>A finding carries a stable, machine-readable problem code, {@link #kind()} ({@code duplicate-index},
 * {@code chain-incomplete}, {@code checksum-mismatch}): tests, planners, exclusions, baselines and metrics key on
 * it, never on the {@link #summary()}, which is for humans and may change.
 *
 * <p>Immutable; the {@code with...} methods return a new finding.
 *
 * <pre>{@code
 * Finding f = Finding.of("postgres.table-bloat", "table-bloat", "billing.invoices", Severity.WARNING,
 *                 "42.0% bloat (1.2 GiB)")
 *         .withMeasurements(Measurement.percent("bloat_percent", Percent.of(42)))
 *         .withDetail("confidence", "high");
 * }</pre>
 */
public final class Finding {

    private static final Pattern KIND = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final String checkId;
    private final String kind;
    private final String subject;
    private final Severity severity;
    private final String summary;
    private final List<Measurement> measurements;
    private final Map<String, String> details;

    private Finding(String checkId, String kind, String subject, Severity severity, String summary,
                    List<Measurement> measurements, Map<String, String> details) {
        this.checkId = Objects.requireNonNull(checkId, "checkId");
        this.kind = Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("kind must be lower-case words joined by '-': " + kind);
        }
        this.subject = Objects.requireNonNull(subject, "subject");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.measurements = List.copyOf(measurements);
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * A finding without measurements.
     *
     * @param checkId  the stable id of the check, e.g. {@code postgres.table-bloat}
     * @param kind     the stable problem code, lower-case words joined by {@code -}, e.g. {@code duplicate-index}
     * @param subject  what the finding is about, named as an operator writes it ({@code billing.invoices},
     *                 {@code redis://cache-1:6379}, {@code /etc/ssl/api.pem#0})
     * @param severity how bad it is
     * @param summary  one line for a human
     */
    public static Finding of(String checkId, String kind, String subject, Severity severity, String summary) {
        return new Finding(checkId, kind, subject, severity, summary, List.of(), Map.of());
    }

    /** This finding with the given measurements added. */
    public Finding withMeasurements(Measurement... added) {
        List<Measurement> all = new ArrayList<>(measurements);
        all.addAll(List.of(added));
        return new Finding(checkId, kind, subject, severity, summary, all, details);
    }

    /** This finding with a descriptive detail added (issuer, reset time, query text). */
    public Finding withDetail(String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(details);
        all.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new Finding(checkId, kind, subject, severity, summary, measurements, all);
    }

    /** This finding with several details added, in the map's iteration order. */
    public Finding withDetails(Map<String, String> added) {
        Map<String, String> all = new LinkedHashMap<>(details);
        added.forEach((k, v) -> all.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
        return new Finding(checkId, kind, subject, severity, summary, measurements, all);
    }

    /** The stable id of the check that made this finding. */
    public String checkId() {
        return checkId;
    }

    /** The stable problem code ({@code duplicate-index}, {@code chain-incomplete}) that code keys on. */
    public String kind() {
        return kind;
    }

    /** What the finding is about. */
    public String subject() {
        return subject;
    }

    /** How bad it is. */
    public Severity severity() {
        return severity;
    }

    /** One line for a human. */
    public String summary() {
        return summary;
    }

    /** The numbers behind the finding, with units. */
    public List<Measurement> measurements() {
        return measurements;
    }

    /** The measurement of that name, if present. */
    public Optional<Measurement> measurement(String name) {
        return measurements.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Descriptive details in insertion order. */
    public Map<String, String> details() {
        return details;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Finding f && checkId.equals(f.checkId) && kind.equals(f.kind) && subject.equals(f.subject)
                && severity == f.severity && summary.equals(f.summary) && measurements.equals(f.measurements)
                && details.equals(f.details);
    }

    @Override
    public int hashCode() {
        return Objects.hash(checkId, kind, subject, severity, summary, measurements, details);
    }

    /** {@code WARNING postgres.table-bloat/table-bloat billing.invoices: 42.0% bloat [bloat_percent=42.0%]}. */
    @Override
    public String toString() {
        return severity + " " + checkId + "/" + kind + " " + subject + ": " + summary
                + (measurements.isEmpty() ? "" : " " + measurements);
    }
}
