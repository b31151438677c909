package io.maintkit.test;

import io.maintkit.core.Finding;
import io.maintkit.core.Findings;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A checked-in list of accepted findings, one per line: check id, kind, subject and an optional reason, separated
 * by tabs; lines starting with {@code #} are comments. Given to a test by {@link MaintenanceBaseline}.
 *
 * <pre>
 * # accepted findings
 * postgres.indexes	unused-index	public.orders_by_note	used by the year-end report
 * </pre>
 */
public final class Baseline {

    private static final String HEADER = "# Accepted findings: check id, kind, subject, reason (tab-separated)."
            + " Regenerate with -D" + BaselineExtension.UPDATE_PROPERTY + "=true";

    private final Path file;
    private final Severity minimumSeverity;
    private final boolean update;

    Baseline(Path file, Severity minimumSeverity, boolean update) {
        this.file = Objects.requireNonNull(file, "file");
        this.minimumSeverity = Objects.requireNonNull(minimumSeverity, "minimumSeverity");
        this.update = update;
    }

    /** One accepted finding. */
    private record Entry(String checkId, String kind, String subject) {
        static Entry of(Finding f) {
            return new Entry(f.checkId(), f.kind(), f.subject());
        }
    }

    /**
     * Compares the report's findings (those at least as severe as the annotation's minimum) with the baseline,
     * or writes them as the new baseline when updating.
     *
     * @param report what a check, suite or primitive found
     * @throws AssertionFailedError listing the new findings, and the accepted ones that no longer occur
     */
    public void check(Report report) {
        List<Finding> counted = report.findings().stream().filter(Findings.atLeast(minimumSeverity)).toList();
        Map<Entry, String> accepted = read();
        if (update) {
            write(counted, accepted);
            return;
        }
        List<Finding> fresh = counted.stream().filter(f -> !accepted.containsKey(Entry.of(f))).toList();
        List<Entry> gone = new ArrayList<>(accepted.keySet());
        counted.forEach(f -> gone.remove(Entry.of(f)));
        if (fresh.isEmpty() && gone.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder();
        if (!fresh.isEmpty()) {
            message.append(fresh.size()).append(" finding(s) not in the baseline ").append(file).append(":\n")
                    .append(ReportAssert.render(fresh)).append('\n');
        }
        if (!gone.isEmpty()) {
            message.append(gone.size()).append(" accepted finding(s) no longer occur; remove them from ").append(file)
                    .append(":\n");
            gone.forEach(e -> message.append("  ").append(line(e, "")).append('\n'));
        }
        message.append("To accept the current findings, run with -D").append(BaselineExtension.UPDATE_PROPERTY)
                .append("=true");
        throw new AssertionFailedError(message.toString());
    }

    private Map<Entry, String> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (update) {
                return Map.of();
            }
            throw new AssertionFailedError("baseline file " + file.toAbsolutePath() + " does not exist; create it"
                    + " (it may be empty) or run with -D" + BaselineExtension.UPDATE_PROPERTY + "=true");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read baseline " + file, e);
        }
        Map<Entry, String> accepted = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length < 3 || fields.length > 4 || fields[0].isBlank() || fields[1].isBlank()) {
                throw new AssertionFailedError(file + ":" + (n + 1) + ": expected check id, kind, subject and an"
                        + " optional reason separated by tabs, found " + fields.length + " field(s): " + line);
            }
            accepted.put(new Entry(fields[0], fields[1], unescape(fields[2])), fields.length == 4 ? fields[3] : "");
        }
        return accepted;
    }

    private void write(List<Finding> current, Map<Entry, String> accepted) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        current.stream().map(Entry::of).distinct()
                .sorted(Comparator.comparing(Entry::checkId).thenComparing(Entry::kind).thenComparing(Entry::subject))
                .forEach(e -> lines.add(line(e, accepted.getOrDefault(e, ""))));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write baseline " + file, e);
        }
    }

    private static String line(Entry e, String reason) {
        return e.checkId() + "\t" + e.kind() + "\t" + escape(e.subject()) + (reason.isEmpty() ? "" : "\t" + reason);
    }

    private static String escape(String subject) {
        return subject.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
