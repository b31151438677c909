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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies the backups in a store: freshness of the newest backup that verifies, size anomaly, checksums against a
 * {@code sha256sum} manifest, a format walk that reads every byte to the end, and optionally a restore test.
 *
 * <pre>{@code
 * BackupReport r = BackupVerifier.on(BackupStore.directory(Path.of("/backups/daily")))
 *         .matching("backup-*.dump")
 *         .maxAge(Duration.ofHours(26))
 *         .checksums(ChecksumManifest.sha256("checksums.txt"))
 *         .restoreTest(RestoreTest.postgres(adminDataSource).expectTable("public", "orders").minRows(1))
 *         .verify();
 * }</pre>
 *
 * <p>Any {@link RestoreTest} fits: {@link RestoreTest#postgres} for {@code pg_dump -Fc} archives,
 * {@link RestoreTest#mariadb} for {@code mariadb-dump} files. It runs on the newest backup that verified; when none
 * did, the report says the restore test did not run.
 *
 * <p>Backups are verified newest first until one verifies (or all of them, with {@link #verifyAll()}); each is read
 * once, its SHA-256 computed on one thread while its format is walked on the calling thread.
 */
public final class BackupVerifier {

    /** The id of the check {@link #asCheck()} gives. */
    public static final String CHECK_ID = "backup.verification";
    /** Findings about the age of the newest verified backup. */
    public static final String FRESHNESS = "backup.freshness";
    /** Findings about a backup whose size departs from the usual. */
    public static final String SIZE = "backup.size";
    /** Findings about checksums: mismatches, missing and unlisted files. */
    public static final String CHECKSUM = "backup.checksum";
    /** Findings about format walks: corrupt, truncated or unverifiable backups. */
    public static final String INTEGRITY = "backup.integrity";
    /** Findings about the restore test. */
    public static final String RESTORE = "backup.restore";

    /** By default every file of the store is a backup. */
    public static final String DEFAULT_PATTERN = "*";
    /** The runbooks' daily backup: older than 26 hours means one was missed. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(26);
    /** How many earlier backups the newest one's size is compared with (their median). */
    public static final int DEFAULT_SIZE_HISTORY = 7;
    /** How far the newest backup's size may depart from that median. */
    public static final Percent DEFAULT_MAX_SIZE_CHANGE = Percent.of(50);

    private final BackupStore store;
    private final String pattern;
    private final Duration maxAge;
    private final int sizeHistory;
    private final Percent maxSizeChange;
    private final ChecksumManifest checksums;
    private final RestoreTest restoreTest;
    private final boolean all;
    private final Clock clock;

    private BackupVerifier(BackupStore store, String pattern, Duration maxAge, int sizeHistory, Percent maxSizeChange,
                           ChecksumManifest checksums, RestoreTest restoreTest, boolean all, Clock clock) {
        this.store = store;
        this.pattern = pattern;
        this.maxAge = maxAge;
        this.sizeHistory = sizeHistory;
        this.maxSizeChange = maxSizeChange;
        this.checksums = checksums;
        this.restoreTest = restoreTest;
        this.all = all;
        this.clock = clock;
    }

    /** A verifier of {@code store} with the defaults. */
    public static BackupVerifier on(BackupStore store) {
        return new BackupVerifier(Objects.requireNonNull(store, "store"), DEFAULT_PATTERN, DEFAULT_MAX_AGE,
                DEFAULT_SIZE_HISTORY, DEFAULT_MAX_SIZE_CHANGE, null, null, false, Clock.systemUTC());
    }

    /** Only backups whose name (its first path segment) matches this glob, e.g. {@code backup-*.dump}. */
    public BackupVerifier matching(String glob) {
        FileSystems.getDefault().getPathMatcher("glob:" + Objects.requireNonNull(glob, "glob"));
        return new BackupVerifier(store, glob, maxAge, sizeHistory, maxSizeChange, checksums, restoreTest, all, clock);
    }

    /** The newest verified backup may be at most this old; default {@link #DEFAULT_MAX_AGE}. */
    public BackupVerifier maxAge(Duration age) {
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + age);
        }
        return new BackupVerifier(store, pattern, age, sizeHistory, maxSizeChange, checksums, restoreTest, all, clock);
    }

    /** Compares the newest backup's size with the median of the {@code history} before it; 0 turns this off. */
    public BackupVerifier sizeAnomaly(int history, Percent maxChange) {
        if (history < 0) {
            throw new IllegalArgumentException("history must not be negative, was " + history);
        }
        return new BackupVerifier(store, pattern, maxAge, history, Objects.requireNonNull(maxChange, "maxChange"),
                checksums, restoreTest, all, clock);
    }

    /** Checks each backup's SHA-256 against this manifest in the store. */
    public BackupVerifier checksums(ChecksumManifest manifest) {
        return new BackupVerifier(store, pattern, maxAge, sizeHistory, maxSizeChange,
                Objects.requireNonNull(manifest, "manifest"), restoreTest, all, clock);
    }

    /** Restores the newest verified backup with this test. */
    public BackupVerifier restoreTest(RestoreTest test) {
        return new BackupVerifier(store, pattern, maxAge, sizeHistory, maxSizeChange, checksums,
                Objects.requireNonNull(test, "test"), all, clock);
    }

    /** Verifies every matching backup, not only the newest ones down to the first that verifies. */
    public BackupVerifier verifyAll() {
        return new BackupVerifier(store, pattern, maxAge, sizeHistory, maxSizeChange, checksums, restoreTest, true,
                clock);
    }

    /** The clock ages are measured with. */
    public BackupVerifier clock(Clock now) {
        return new BackupVerifier(store, pattern, maxAge, sizeHistory, maxSizeChange, checksums, restoreTest, all,
                Objects.requireNonNull(now, "now"));
    }

    /** This verifier as a {@link Check} with id {@value #CHECK_ID}. */
    public Check asCheck() {
        return Check.of(CHECK_ID, store.location(), clock, this::verify);
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
                findings.add(Finding.of(CHECKSUM, store.location() + "/" + checksums.name(), Severity.CRITICAL,
                        "checksum manifest " + checksums.name() + " is missing"));
            } else {
                Set<String> present = backups.stream().map(BackupEntry::name).collect(Collectors.toSet());
                for (String listed : manifest.get().keySet()) {
                    if (!present.contains(listed) && store.metadata(listed).isEmpty()) {
                        findings.add(Finding.of(CHECKSUM, listed, Severity.WARNING,
                                "listed in " + checksums.name() + " but missing from the store"));
                    }
                }
            }
        }
        List<BackupVerification> verifications = new ArrayList<>();
        BackupVerification newest = null;
        for (BackupEntry b : backups) {
            if (newest != null && !all) {
                break;
            }
            BackupVerification v = verify(b, manifest);
            verifications.add(v);
            findings.addAll(findingsOf(v));
            if (v.verified() && newest == null) {
                newest = v;
            }
        }
        findings.addAll(freshness(backups, newest, now));
        sizeFinding(backups).ifPresent(findings::add);
        Optional<RestoreResult> restore = Optional.empty();
        if (restoreTest != null && newest != null) {
            RestoreResult r = restoreTest.run(store, newest.backup(), newest.format());
            restore = Optional.of(r);
            findings.add(restoreFinding(r));
        } else if (restoreTest != null) {
            findings.add(Finding.of(RESTORE, store.location() + (pattern.equals(DEFAULT_PATTERN) ? "" : "/"
                    + pattern), Severity.UNKNOWN, "restore test not run: " + (backups.isEmpty() ? "no backups"
                    : "no backup verified")));
        }
        return new BackupReport(store.location(), now, backups, verifications, Optional.ofNullable(newest), restore,
                findings);
    }

    /** Verifies one backup of the store by name (format walk, and checksum when a manifest is configured). */
    public BackupVerification verify(String name) throws IOException {
        BackupEntry entry = store.metadata(name).orElseThrow(() -> new java.nio.file.NoSuchFileException(name));
        return verify(entry, checksums == null ? Optional.empty() : checksums.read(store));
    }

    private BackupVerification verify(BackupEntry b, Optional<Map<String, String>> manifest) {
        long t0 = System.nanoTime();
        boolean hash = manifest.isPresent();
        try {
            EntryWalk.Result r = EntryWalk.run(store, b.name(), hash);
            BackupVerification.Integrity integrity = r.failure() == null ? BackupVerification.Integrity.INTACT
                    : r.failure() instanceof UnsupportedBackupException ? BackupVerification.Integrity.UNVERIFIABLE
                    : BackupVerification.Integrity.CORRUPT;
            BackupVerification.ChecksumStatus status = BackupVerification.ChecksumStatus.NOT_CHECKED;
            if (hash) {
                String listed = manifest.get().get(b.name());
                status = listed == null ? BackupVerification.ChecksumStatus.UNLISTED
                        : listed.equals(r.sha256()) ? BackupVerification.ChecksumStatus.MATCH
                        : BackupVerification.ChecksumStatus.MISMATCH;
            }
            return new BackupVerification(b, r.format(), integrity, r.detail(), status, r.sha256(),
                    Duration.ofNanos(System.nanoTime() - t0));
        } catch (IOException | RuntimeException e) {
            return new BackupVerification(b, BackupFormat.UNRECOGNIZED, BackupVerification.Integrity.UNVERIFIABLE,
                    "cannot read: " + Failures.describe(e), BackupVerification.ChecksumStatus.NOT_CHECKED, "",
                    Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    private List<Finding> findingsOf(BackupVerification v) {
        List<Finding> out = new ArrayList<>();
        String name = v.backup().name();
        Measurement size = Measurement.bytes("size", v.backup().dataSize());
        switch (v.integrity()) {
            case INTACT -> out.add(Finding.of(INTEGRITY, name, Severity.OK, v.format().label() + " intact: "
                    + v.detail()).withMeasurements(size));
            case CORRUPT -> out.add(Finding.of(INTEGRITY, name, Severity.CRITICAL, v.format().label()
                    + " is corrupt: " + v.detail()).withMeasurements(size));
            case UNVERIFIABLE -> out.add(Finding.of(INTEGRITY, name, Severity.UNKNOWN, "cannot be verified: "
                    + v.detail()).withMeasurements(size));
        }
        switch (v.checksum()) {
            case MISMATCH -> out.add(Finding.of(CHECKSUM, name, Severity.CRITICAL, "SHA-256 " + v.sha256()
                    + " does not match " + checksums.name()));
            case UNLISTED -> out.add(Finding.of(CHECKSUM, name, Severity.WARNING, "not listed in "
                    + checksums.name()));
            default -> {
            }
        }
        return out;
    }

    private List<Finding> freshness(List<BackupEntry> backups, BackupVerification newest, Instant now) {
        String subject = store.location() + (pattern.equals(DEFAULT_PATTERN) ? "" : "/" + pattern);
        if (backups.isEmpty()) {
            return List.of(Finding.of(FRESHNESS, subject, Severity.CRITICAL, "no backups"));
        }
        if (newest == null) {
            return List.of(Finding.of(FRESHNESS, subject, Severity.CRITICAL, "none of the " + backups.size()
                    + " backups verified" + (all ? "" : " (newest first)")).withMeasurements(
                    Measurement.count("backups", backups.size())));
        }
        Duration age = Duration.between(newest.backup().modified(), now);
        Measurement ageM = Measurement.seconds("age", age);
        Measurement maxM = Measurement.seconds("max_age", maxAge);
        if (age.compareTo(maxAge) > 0) {
            return List.of(Finding.of(FRESHNESS, subject, Severity.CRITICAL, "newest verified backup "
                    + newest.backup().name() + " is " + Durations.humanize(age) + " old, more than "
                    + Durations.humanize(maxAge)).withMeasurements(ageM, maxM));
        }
        return List.of(Finding.of(FRESHNESS, subject, Severity.OK, "newest verified backup "
                + newest.backup().name() + " is " + Durations.humanize(age) + " old").withMeasurements(ageM, maxM));
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
            return Optional.of(Finding.of(SIZE, newest.name(), Severity.CRITICAL, "shrank to "
                    + newest.dataSize() + ", " + Percent.of(-change.value()) + " below " + of).withMeasurements(m));
        }
        if (median > 0 && change.value() >= maxSizeChange.value()) {
            return Optional.of(Finding.of(SIZE, newest.name(), Severity.WARNING, "grew to " + newest.dataSize()
                    + ", " + change + " above " + of).withMeasurements(m));
        }
        return Optional.of(Finding.of(SIZE, newest.name(), Severity.OK, newest.dataSize() + ", " + change
                + " from " + of).withMeasurements(m));
    }

    private static Finding restoreFinding(RestoreResult r) {
        Measurement took = Measurement.seconds("restore_time", r.restoreDuration());
        Finding f = switch (r.outcome()) {
            case PASSED -> Finding.of(RESTORE, r.backup(), Severity.OK, "restored into " + r.scratch() + " in "
                    + Durations.humanize(r.restoreDuration()) + ", " + r.expectations().size() + " expectation"
                    + (r.expectations().size() == 1 ? "" : "s") + " held");
            case FAILED -> Finding.of(RESTORE, r.backup(), Severity.CRITICAL, "restore test failed: " + r.reason());
            case COULD_NOT_RUN -> Finding.of(RESTORE, r.backup(), Severity.UNKNOWN, "restore test could not run: "
                    + r.reason());
        };
        f = f.withMeasurements(took);
        for (RestoreResult.ExpectationResult e : r.expectations()) {
            f = f.withDetail(e.expectation(), (e.passed() ? "held: " : "FAILED: ") + e.detail());
        }
        if (!r.scratchDropped()) {
            f = f.withDetail("scratch database", r.scratch() + " could not be dropped; drop it by hand");
        }
        return f;
    }

    @Override
    public String toString() {
        return "BackupVerifier[" + store.location() + ", matching " + pattern + ", max age "
                + Durations.humanize(maxAge) + (checksums != null ? ", " + checksums : "")
                + (restoreTest != null ? ", restore test" : "") + "]";
    }
}
