package io.maintkit.core;

import io.maintkit.core.internal.FileCandidates;
import io.maintkit.core.internal.GzipCompression;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The runbooks' log clean-up as a {@link MaintenancePlan}: compress files older than one age, delete files older
 * than another (or those a {@link RetentionPolicy} removes).
 *
 * <pre>{@code
 * MaintenancePlan plan = FileRetention.on(Path.of("/var/log/app"))
 *         .matching("**&#47;*.log")
 *         .compressAfter(Duration.ofDays(7))
 *         .deleteAfter(Duration.ofDays(90))
 *         .plan();                                   // a dry run: prints, changes nothing
 * plan.execute(ExecutionOptions.defaults().allowDestructive(true));
 * }</pre>
 *
 * <ul>
 *   <li>The glob is matched against the path relative to the root ({@code **&#47;*.log}, {@code app-*.log}). A file
 *       that matches the glob with {@code .gz} appended (a file this clean-up compressed earlier) is a candidate
 *       for deletion too.</li>
 *   <li>Ages are counted from each file's last modification. Files modified within the grace period are left alone:
 *       they may still be written.</li>
 *   <li>Compression writes a temporary {@code .gz} beside the file, flushes and syncs it, renames it into place
 *       keeping the original's modification time, syncs the folder, and only then deletes the original. A failure
 *       at any step removes the temporary file and leaves the original in place. A file changed since it was
 *       planned is passed over.</li>
 *   <li>Symbolic links are never followed and never acted upon; nothing outside the root is touched.</li>
 *   <li>Deletion is destructive: it runs only with {@code allowDestructive(true)}. Each execution reports the
 *       bytes it freed.</li>
 * </ul>
 */
public final class FileRetention {

    /** Files modified more recently than this are left alone by default. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(1);

    private final Path root;
    private final String glob;
    private final Duration compressAfter;
    private final Duration deleteAfter;
    private final RetentionPolicy deletePolicy;
    private final Duration gracePeriod;
    private final Clock clock;
    private final UnaryOperator<OutputStream> compressedSink;

    private FileRetention(Path root, String glob, Duration compressAfter, Duration deleteAfter,
                          RetentionPolicy deletePolicy, Duration gracePeriod, Clock clock,
                          UnaryOperator<OutputStream> compressedSink) {
        this.root = root;
        this.glob = glob;
        this.compressAfter = compressAfter;
        this.deleteAfter = deleteAfter;
        this.deletePolicy = deletePolicy;
        this.gracePeriod = gracePeriod;
        this.clock = clock;
        this.compressedSink = compressedSink;
    }

    /** A clean-up of the files under {@code root}: every regular file, no rule yet. */
    public static FileRetention on(Path root) {
        return new FileRetention(Objects.requireNonNull(root, "root"), "**", null, null, null,
                DEFAULT_GRACE_PERIOD, Clock.systemUTC(), UnaryOperator.identity());
    }

    /** Only files whose path relative to the root matches this glob (and their {@code .gz} forms). */
    public FileRetention matching(String relativeGlob) {
        return new FileRetention(root, Objects.requireNonNull(relativeGlob, "relativeGlob"), compressAfter,
                deleteAfter, deletePolicy, gracePeriod, clock, compressedSink);
    }

    /** Compresses files older than {@code age} with gzip. */
    public FileRetention compressAfter(Duration age) {
        return new FileRetention(root, glob, positive(age, "compressAfter"), deleteAfter, deletePolicy, gracePeriod,
                clock, compressedSink);
    }

    /** Deletes files older than {@code age}; replaces a policy set by {@link #deleteBy(RetentionPolicy)}. */
    public FileRetention deleteAfter(Duration age) {
        return new FileRetention(root, glob, compressAfter, positive(age, "deleteAfter"), null, gracePeriod, clock,
                compressedSink);
    }

    /** Deletes the files {@code policy} removes, by modification time; replaces {@link #deleteAfter(Duration)}. */
    public FileRetention deleteBy(RetentionPolicy policy) {
        return new FileRetention(root, glob, compressAfter, null, Objects.requireNonNull(policy, "policy"),
                gracePeriod, clock, compressedSink);
    }

    /** Leaves alone files modified within {@code period}; default {@link #DEFAULT_GRACE_PERIOD}. */
    public FileRetention gracePeriod(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative()) {
            throw new IllegalArgumentException("gracePeriod cannot be negative, was " + period);
        }
        return new FileRetention(root, glob, compressAfter, deleteAfter, deletePolicy, period, clock, compressedSink);
    }

    /** The clock ages are counted with; default the system clock. */
    public FileRetention clock(Clock ageClock) {
        return new FileRetention(root, glob, compressAfter, deleteAfter, deletePolicy, gracePeriod,
                Objects.requireNonNull(ageClock, "ageClock"), compressedSink);
    }

    /** Wraps the stream compressed data is written to; lets tests provoke a failure midway. */
    FileRetention compressedSink(UnaryOperator<OutputStream> sink) {
        return new FileRetention(root, glob, compressAfter, deleteAfter, deletePolicy, gracePeriod, clock, sink);
    }

    /**
     * Looks at the files and plans: deletions first (newest rule wins: a file due for deletion is not compressed),
     * then compressions, each oldest first.
     *
     * @throws UncheckedIOException when the root cannot be read
     * @throws IllegalStateException when neither a compression nor a deletion rule is set
     */
    public MaintenancePlan plan() {
        if (compressAfter == null && deleteAfter == null && deletePolicy == null) {
            throw new IllegalStateException("nothing to plan: set compressAfter, deleteAfter or deleteBy");
        }
        Instant now = clock.instant();
        List<FileCandidates.Candidate> files;
        try {
            files = FileCandidates.under(root, glob);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        Instant settled = now.minus(gracePeriod);
        List<FileCandidates.Candidate> settledFiles = files.stream()
                .filter(f -> !f.modified().isAfter(settled)).toList();

        Set<FileCandidates.Candidate> toDelete = new HashSet<>();
        if (deleteAfter != null) {
            Instant cutoff = now.minus(deleteAfter);
            settledFiles.stream().filter(f -> f.modified().isBefore(cutoff)).forEach(toDelete::add);
        } else if (deletePolicy != null) {
            // The policy sees every file, recent ones included, so "keep last n" counts them.
            RetentionDecision<FileCandidates.Candidate> decision = deletePolicy.apply(files,
                    FileCandidates.Candidate::modified);
            Set<FileCandidates.Candidate> settledSet = new HashSet<>(settledFiles);
            decision.removed().stream().filter(settledSet::contains).forEach(toDelete::add);
        }
        List<MaintenanceAction> actions = new ArrayList<>();
        toDelete.stream().sorted(Comparator.comparing(FileCandidates.Candidate::modified))
                .forEach(f -> actions.add(deletion(f, now)));
        if (compressAfter != null) {
            Instant cutoff = now.minus(compressAfter);
            settledFiles.stream()
                    .filter(f -> !f.compressed() && f.modified().isBefore(cutoff) && !toDelete.contains(f))
                    .sorted(Comparator.comparing(FileCandidates.Candidate::modified))
                    .forEach(f -> actions.add(compression(f, now)));
        }
        return new MaintenancePlan("file retention " + root, actions);
    }

    private MaintenanceAction deletion(FileCandidates.Candidate f, Instant now) {
        String why = deleteAfter != null
                ? "modified " + Durations.humanize(Duration.between(f.modified(), now)) + " ago, older than "
                  + Durations.humanize(deleteAfter)
                : "removed by policy: " + deletePolicy;
        return MaintenanceAction.builder(f.path().toString(), "delete " + f.path())
                .reason(why)
                .destructive(true)
                .cost(EstimatedCost.NONE.freeing(DataSize.ofBytes(f.size())))
                .step(context -> {
                    requireUnchanged(f);
                    Files.delete(f.path());
                    return StepResult.of("deleted", Measurement.bytes("freed_bytes", DataSize.ofBytes(f.size())));
                })
                .build();
    }

    private MaintenanceAction compression(FileCandidates.Candidate f, Instant now) {
        return MaintenanceAction.builder(f.path().toString(), "gzip " + f.path())
                .reason("modified " + Durations.humanize(Duration.between(f.modified(), now))
                        + " ago, older than " + Durations.humanize(compressAfter))
                .cost(EstimatedCost.reading(DataSize.ofBytes(f.size())).needingExtraDisk(DataSize.ofBytes(f.size())))
                .step(context -> {
                    requireUnchanged(f);
                    long compressed = GzipCompression.replaceWithGzip(f.path(), f.modified(), f.size(),
                            compressedSink);
                    return StepResult.of("compressed to " + DataSize.ofBytes(compressed),
                            Measurement.bytes("freed_bytes", DataSize.ofBytes(Math.max(0, f.size() - compressed))));
                })
                .build();
    }

    private static void requireUnchanged(FileCandidates.Candidate f) throws IOException {
        BasicFileAttributes now = Files.readAttributes(f.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!now.isRegularFile() || now.size() != f.size()
                || !now.lastModifiedTime().toInstant().equals(f.modified())) {
            throw new IOException(f.path() + " changed since it was planned; left alone");
        }
    }

    private static Duration positive(Duration age, String name) {
        Objects.requireNonNull(age, name);
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + age);
        }
        return age;
    }
}
