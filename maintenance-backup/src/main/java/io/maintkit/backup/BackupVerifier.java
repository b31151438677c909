package io.maintkit.backup;

import io.maintkit.backup.internal.EntryWalk;
import io.maintkit.backup.internal.UnsupportedBackupException;
import io.maintkit.core.Check;
import io.maintkit.core.DataSize;
import io.maintkit.core.Durations;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.core.internal.Failures;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Verifies the backups in a store: freshness of the newest backup that verifies, size anomaly, checksums against a
 * {@code sha256sum} manifest, a format walk that reads every byte to the end, and optionally a restore test.
 *
 * <pre>{@code
 * BackupReport r = BackupVerifier.on(BackupStore.directory(Path.of("/backups/daily")))
 *         .matching("backup-*.dump")
 *         .age(Threshold.above(Duration.ofHours(26), Duration.ofHours(50)))
 *         .checksums(ChecksumManifest.sha256("checksums.txt"))
 *         .restoreTest(PostgresRestoreTest.on(adminDataSource, scratchConnections)
 *                 .connection("db-1", 5432, "restorer").expectTable("public", "orders").minRows(1))
 *         .verify();
 * }</pre>
 *
 * <p>Any {@link RestoreTest} fits: {@code PostgresRestoreTest} (module {@code maintenance-postgres}) for
 * {@code pg_dump -Fc} archives, {@code MysqlRestoreTest} (module {@code maintenance-mysql}) for {@code mariadb-dump}
 * files. It runs on the newest backup that verified; when none
 * did, the report says the restore test did not run.
 *
 * <p>Backups are verified newest first until one verifies (or all of them, with {@link #verifyAll()}); each is read
 * once, its SHA-256 computed on a reader thread while its format is walked on the verifying thread. Without an
 * executor, backups are verified one after another on the calling thread; with {@link #executor(Executor, int)},
 * up to that many backups are verified at once on the host's executor (each gzip member inflates on one core, so
 * this is where a second core pays).
 */
public final class BackupVerifier {

    /**
     * The id of the check {@link #asCheck()} gives, and of every finding the verifier reports; {@link Finding#kind()}
     * tells them apart: freshness ({@code fresh}, {@code stale}, {@code no-backups}, {@code none-verified}), size
     * ({@code size-usual}, {@code size-grew}, {@code size-shrank}), the checksum manifest ({@code manifest-missing},
     * {@code sha256-mismatch}, {@code listed-backup-missing}, {@code unlisted-backup}), each backup's format walk
     * ({@code intact} or the problem found, e.g. a gzip member's {@code checksum-mismatch}) and the restore test
     * ({@code restore-succeeded}, {@code restore-failed}, {@code restore-could-not-run}, {@code restore-not-run}).
     */
    public static final String ID = "backup.verification";

    /** By default every file of the store is a backup. */
    public static final String DEFAULT_PATTERN = "*";
    /**
     * The runbooks' daily backup: older than 26 hours means one run was missed (warning), older than 50 hours means
     * two were (critical).
     */
    public static final Threshold<Duration> DEFAULT_AGE = Threshold.above(Duration.ofHours(26), Duration.ofHours(50));
    /** How many earlier backups the newest one's size is compared with (their median). */
    public static final int DEFAULT_SIZE_HISTORY = 7;
    /** How far the newest backup's size may depart from that median. */
    public static final Percent DEFAULT_MAX_SIZE_CHANGE = Percent.of(50);

    private final BackupStore store;
    private final String pattern;
    private final Threshold<Duration> age;
    private final int sizeHistory;
    private final Percent maxSizeChange;
    private final ChecksumManifest checksums;
    private final RestoreTest restoreTest;
    private final boolean all;
    private final Clock clock;
    private final Executor executor;
    private final int parallelism;

    private BackupVerifier(Config c) {
        this.store = c.store;
        this.pattern = c.pattern;
        this.age = c.age;
        this.sizeHistory = c.sizeHistory;
        this.maxSizeChange = c.maxSizeChange;
        this.checksums = c.checksums;
        this.restoreTest = c.restoreTest;
        this.all = c.all;
        this.clock = c.clock;
        this.executor = c.executor;
        this.parallelism = c.parallelism;
    }

    /** A verifier of {@code store} with the defaults. */
    public static BackupVerifier on(BackupStore store) {
        return new BackupVerifier(new Config(Objects.requireNonNull(store, "store")));
    }

    private BackupVerifier with(Consumer<Config> change) {
        Config c = new Config(this);
        change.accept(c);
        return new BackupVerifier(c);
    }

    /** Only backups whose name (its first path segment) matches this glob, e.g. {@code backup-*.dump}. */
    public BackupVerifier matching(String glob) {
        FileSystems.getDefault().getPathMatcher("glob:" + Objects.requireNonNull(glob, "glob"));
        return with(c -> c.pattern = glob);
    }

    /**
     * How old the newest verified backup may be before it is a warning and before it is critical; default
     * {@link #DEFAULT_AGE}.
     */
    public BackupVerifier age(Threshold<Duration> limits) {
        Objects.requireNonNull(limits, "limits");
        if (limits.direction() != Threshold.Direction.ABOVE || limits.warning().isNegative()
                || limits.warning().isZero()) {
            throw new IllegalArgumentException("age limits must be positive durations above which a backup is"
                    + " stale, were " + limits);
        }
        return with(c -> c.age = limits);
    }

    /** Compares the newest backup's size with the median of the {@code history} before it; 0 turns this off. */
    public BackupVerifier sizeAnomaly(int history, Percent maxChange) {
        if (history < 0) {
            throw new IllegalArgumentException("history must not be negative, was " + history);
        }
        Objects.requireNonNull(maxChange, "maxChange");
        return with(c -> {
            c.sizeHistory = history;
            c.maxSizeChange = maxChange;
        });
    }

    /** Checks each backup's SHA-256 against this manifest in the store. */
    public BackupVerifier checksums(ChecksumManifest manifest) {
        Objects.requireNonNull(manifest, "manifest");
        return with(c -> c.checksums = manifest);
    }

    /** Restores the newest verified backup with this test. */
    public BackupVerifier restoreTest(RestoreTest test) {
        Objects.requireNonNull(test, "test");
        return with(c -> c.restoreTest = test);
    }

    /** Verifies every matching backup, not only the newest ones down to the first that verifies. */
    public BackupVerifier verifyAll() {
        return with(c -> c.all = true);
    }

    /** The clock ages are measured with. */
    public BackupVerifier clock(Clock now) {
        Objects.requireNonNull(now, "now");
        return with(c -> c.clock = now);
    }

    /**
     * Verifies up to {@code maxInFlight} backups at once on the host's {@code hostExecutor}, newest first. Without
     * this, backups are verified one after another on the calling thread. Each backup in flight holds
     * {@value io.maintkit.backup.internal.StreamPass#CHUNKS} read buffers of 1 MiB and one reader thread.
     */
    public BackupVerifier executor(Executor hostExecutor, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        Objects.requireNonNull(hostExecutor, "hostExecutor");
        return with(c -> {
            c.executor = hostExecutor;
            c.parallelism = maxInFlight;
        });
    }

    /** This verifier as a {@link Check} with id {@value #ID}. */
    public Check asCheck() {
        return Check.of(ID, store.location(), clock, this::verify);
    }

    /** The backups that match, newest first (by modification time, then name). */
    public List<BackupEntry> backups() throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        Set<String> excluded = checksums == null ? Set.of() : Set.of(checksums.name());
        return store.list().stream()
                .filter(e -> !excluded.contains(e.name()))
                .filter(e -> matcher.matches(Path.of(e.name().split("/")[0])))
                .sorted(Comparator.comparing(BackupEntry::modified).thenComparing(BackupEntry::name).reversed())
                .toList();
    }

    /** Verifies the store. Throws only when the store cannot be listed. */
    public BackupReport verify() throws IOException {
        Instant now = clock.instant();
        List<BackupEntry> backups = backups();
        List<Finding> findings = new ArrayList<>();
        Optional<Map<String, String>> manifest = Optional.empty();
        if (checksums != null) {
            manifest = checksums.read(store);
            if (manifest.isEmpty()) {
                findings.add(Finding.of(ID, "manifest-missing", store.location() + "/" + checksums.name(),
                        Severity.CRITICAL,
                        "checksum manifest " + checksums.name() + " is missing"));
            } else {
                Set<String> present = backups.stream().map(BackupEntry::name).collect(Collectors.toSet());
                for (String listed : manifest.get().keySet()) {
                    if (!present.contains(listed) && store.metadata(listed).isEmpty()) {
                        findings.add(Finding.of(ID, "listed-backup-missing", listed, Severity.WARNING,
                                "listed in " + checksums.name() + " but missing from the store"));
                    }
                }
            }
        }
        List<BackupVerification> verifications = new ArrayList<>();
        BackupVerification newest = null;
        int wave = executor == null ? 1 : parallelism;
        for (int from = 0; from < backups.size() && (newest == null || all); from += wave) {
            for (BackupVerification v : verifyWave(backups.subList(from, Math.min(backups.size(), from + wave)),
                    manifest)) {
                verifications.add(v);
                findings.addAll(v.findings());
                if (v.verified() && newest == null) {
                    newest = v;
                }
            }
        }
        findings.addAll(freshness(backups, newest, now));
        sizeFinding(backups).ifPresent(findings::add);
        Optional<RestoreResult> restore = Optional.empty();
        if (restoreTest != null && newest != null) {
            RestoreResult r = restoreTest.run(store, newest.backup(), newest.format());
            restore = Optional.of(r);
            findings.addAll(r.findings());
        } else if (restoreTest != null) {
            findings.add(Finding.of(ID, "restore-not-run", store.location()
                    + (pattern.equals(DEFAULT_PATTERN) ? "" : "/" + pattern), Severity.UNKNOWN,
                    "restore test not run: " + (backups.isEmpty() ? "no backups" : "no backup verified")));
        }
        return new BackupReport(store.location(), now, backups, verifications, Optional.ofNullable(newest), restore,
                findings);
    }

    /** Verifies one backup of the store by name (format walk, and checksum when a manifest is configured). */
    public BackupVerification verify(String name) throws IOException {
        BackupEntry entry = store.metadata(name).orElseThrow(() -> new java.nio.file.NoSuchFileException(name));
        return verify(entry, checksums == null ? Optional.empty() : checksums.read(store));
    }

    /** Verifies the backups of one wave: on the calling thread, or all at once on the host's executor. */
    private List<BackupVerification> verifyWave(List<BackupEntry> wave, Optional<Map<String, String>> manifest) {
        if (executor == null || wave.size() == 1) {
            return wave.stream().map(b -> verify(b, manifest)).toList();
        }
        List<CompletableFuture<BackupVerification>> running = wave.stream()
                .map(b -> CompletableFuture.supplyAsync(() -> verify(b, manifest), executor)
                        .exceptionally(e -> unreadable(b, e, 0)))
                .toList();
        return running.stream().map(CompletableFuture::join).toList();
    }

    private BackupVerification verify(BackupEntry b, Optional<Map<String, String>> manifest) {
        long t0 = System.nanoTime();
        boolean hash = manifest.isPresent();
        try {
            EntryWalk.Result r = EntryWalk.run(store, b.name(), hash);
            BackupVerification.Integrity integrity = integrityOf(r);
            BackupVerification.ChecksumStatus status = BackupVerification.ChecksumStatus.NOT_CHECKED;
            if (hash) {
                String listed = manifest.get().get(b.name());
                status = listed == null ? BackupVerification.ChecksumStatus.UNLISTED
                        : listed.equals(r.sha256()) ? BackupVerification.ChecksumStatus.MATCH
                        : BackupVerification.ChecksumStatus.MISMATCH;
            }
            return new BackupVerification(b, r.format(), integrity, r.detail(), r.problem(), status, r.sha256(),
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return unreadable(b, e, t0);
        }
    }

    /** INTACT, UNVERIFIABLE or CORRUPT, as the walk ended. */
    static BackupVerification.Integrity integrityOf(EntryWalk.Result r) {
        return r.failure() == null ? BackupVerification.Integrity.INTACT
                : r.failure() instanceof UnsupportedBackupException ? BackupVerification.Integrity.UNVERIFIABLE
                : BackupVerification.Integrity.CORRUPT;
    }

    private static BackupVerification unreadable(BackupEntry b, Throwable e, long t0) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return new BackupVerification(b, BackupFormat.UNRECOGNIZED, BackupVerification.Integrity.UNVERIFIABLE,
                "cannot read: " + Failures.describe(cause), "unreadable", BackupVerification.ChecksumStatus.NOT_CHECKED,
                "", Duration.ofNanos(t0 == 0 ? 0 : System.nanoTime() - t0));
    }

    private List<Finding> freshness(List<BackupEntry> backups, BackupVerification newest, Instant now) {
        String subject = store.location() + (pattern.equals(DEFAULT_PATTERN) ? "" : "/" + pattern);
        if (backups.isEmpty()) {
            return List.of(Finding.of(ID, "no-backups", subject, Severity.CRITICAL, "no backups"));
        }
        if (newest == null) {
            return List.of(Finding.of(ID, "none-verified", subject, Severity.CRITICAL, "none of the "
                    + backups.size() + " backups verified" + (all ? "" : " (newest first)")).withMeasurements(
                    Measurement.count("backups", backups.size())));
        }
        Duration old = Duration.between(newest.backup().modified(), now);
        Measurement ageM = Measurement.seconds("age", old);
        Measurement warnM = Measurement.seconds("warning_age", age.warning());
        Measurement critM = Measurement.seconds("critical_age", age.critical());
        Severity severity = age.evaluate(old);
        String summary = "newest verified backup " + newest.backup().name() + " is " + Durations.humanize(old)
                + " old" + (severity == Severity.OK ? "" : ", past the " + severity.name().toLowerCase(Locale.ROOT)
                + " age of " + Durations.humanize(severity == Severity.CRITICAL ? age.critical() : age.warning()));
        return List.of(Finding.of(ID, severity == Severity.OK ? "fresh" : "stale", subject, severity, summary)
                .withMeasurements(ageM, warnM, critM));
    }

    private Optional<Finding> sizeFinding(List<BackupEntry> backups) {
        if (sizeHistory == 0 || backups.size() < 2) {
            return Optional.empty();
        }
        BackupEntry newest = backups.get(0);
        long[] previous = backups.subList(1, Math.min(backups.size(), sizeHistory + 1)).stream()
                .mapToLong(BackupEntry::size).sorted().toArray();
        double median = previous.length % 2 == 1 ? previous[previous.length / 2]
                : (previous[previous.length / 2 - 1] + previous[previous.length / 2]) / 2.0;
        Percent change = Percent.ratio(newest.size() - median, median);
        Measurement[] m = {Measurement.bytes("size", newest.dataSize()),
                Measurement.bytes("median_size", DataSize.ofBytes((long) median)),
                Measurement.percent("change", change)};
        String of = "the median of the " + previous.length + " before it (" + DataSize.ofBytes((long) median) + ")";
        if (median > 0 && -change.value() >= maxSizeChange.value()) {
            return Optional.of(Finding.of(ID, "size-shrank", newest.name(), Severity.CRITICAL, "shrank to "
                    + newest.dataSize() + ", " + Percent.of(-change.value()) + " below " + of).withMeasurements(m));
        }
        if (median > 0 && change.value() >= maxSizeChange.value()) {
            return Optional.of(Finding.of(ID, "size-grew", newest.name(), Severity.WARNING, "grew to "
                    + newest.dataSize() + ", " + change + " above " + of).withMeasurements(m));
        }
        return Optional.of(Finding.of(ID, "size-usual", newest.name(), Severity.OK, newest.dataSize() + ", " + change
                + " from " + of).withMeasurements(m));
    }

    @Override
    public String toString() {
        return "BackupVerifier[" + store.location() + ", matching " + pattern + ", age "
                + age + (checksums != null ? ", " + checksums : "")
                + (restoreTest != null ? ", restore test" : "") + "]";
    }

    /** The configuration while one method changes it; the verifier copies it into its final fields. */
    private static final class Config {
        final BackupStore store;
        String pattern = DEFAULT_PATTERN;
        Threshold<Duration> age = DEFAULT_AGE;
        int sizeHistory = DEFAULT_SIZE_HISTORY;
        Percent maxSizeChange = DEFAULT_MAX_SIZE_CHANGE;
        ChecksumManifest checksums;
        RestoreTest restoreTest;
        boolean all;
        Clock clock = Clock.systemUTC();
        Executor executor;
        int parallelism = 1;

        Config(BackupStore store) {
            this.store = store;
        }

        Config(BackupVerifier v) {
            store = v.store;
            pattern = v.pattern;
            age = v.age;
            sizeHistory = v.sizeHistory;
            maxSizeChange = v.maxSizeChange;
            checksums = v.checksums;
            restoreTest = v.restoreTest;
            all = v.all;
            clock = v.clock;
            executor = v.executor;
            parallelism = v.parallelism;
        }
    }
}
