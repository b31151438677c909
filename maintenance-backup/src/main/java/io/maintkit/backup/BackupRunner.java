package io.maintkit.backup;

import io.maintkit.backup.internal.EntryWalk;
import io.maintkit.core.internal.Executables;
import io.maintkit.core.internal.OptionFile;
import io.maintkit.core.internal.DurableFiles;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Measurement;
import io.maintkit.core.Outcome;
import io.maintkit.core.StepResult;
import io.maintkit.core.internal.Failures;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The runbooks' daily backup: runs {@code pg_dump -Fc} or {@code mariadb-dump} into a hidden temporary file in the
 * store, computing SHA-256 while writing, syncs it, walks its format, renames it to {@code <prefix><UTC time><ext>},
 * adds its line to the checksum manifest and reports. A failure leaves nothing under the final name.
 *
 * <pre>{@code
 * BackupRun run = BackupRunner.pgDump("db-1", 5432, "backup", "app")
 *         .passwordFile(Path.of("/etc/backup/pgpass"))
 *         .into(BackupStore.directory(Path.of("/backups/daily")))
 *         .run();
 * }</pre>
 *
 * <p>Passwords reach the tool through its environment ({@code PGPASSWORD}) or a password/option file, never its
 * command line, and never appear in results or logs.
 */
public final class BackupRunner {

    /** The check id of a run's findings. */
    public static final String ID = "backup.run";

    /** The default name prefix of new backups. */
    public static final String DEFAULT_PREFIX = "backup-";
    /** How long a dump may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private enum Tool {
        PG_DUMP("pg_dump", ".dump"),
        MARIADB_DUMP("mariadb-dump", ".sql");

        final String executable;
        final String extension;

        Tool(String executable, String extension) {
            this.executable = executable;
            this.extension = extension;
        }
    }

    private record Settings(Tool tool, String host, int port, String user, String database, Path executable,
                            char[] password, Path passwordFile, DirectoryBackupStore store, String prefix,
                            ChecksumManifest checksums, Duration timeout, Clock clock) {
    }

    private final Settings s;

    private BackupRunner(Settings settings) {
        this.s = settings;
    }

    /** A {@code pg_dump -Fc} of {@code database}; writes {@code .dump} files. */
    public static BackupRunner pgDump(String host, int port, String user, String database) {
        return create(Tool.PG_DUMP, host, port, user, database);
    }

    /** A {@code mariadb-dump --single-transaction} of {@code database}; writes {@code .sql} files. */
    public static BackupRunner mariadbDump(String host, int port, String user, String database) {
        return create(Tool.MARIADB_DUMP, host, port, user, database);
    }

    private static BackupRunner create(Tool tool, String host, int port, String user, String database) {
        return new BackupRunner(new Settings(tool, Objects.requireNonNull(host, "host"), port,
                Objects.requireNonNull(user, "user"), Objects.requireNonNull(database, "database"), null, null, null,
                null, DEFAULT_PREFIX, ChecksumManifest.sha256(), DEFAULT_TIMEOUT, Clock.systemUTC()));
    }

    /** Uses this dump tool; by default {@code pg_dump} or {@code mariadb-dump} from the {@code PATH}. */
    public BackupRunner executable(Path tool) {
        return with(new Settings(s.tool, s.host, s.port, s.user, s.database, Objects.requireNonNull(tool, "tool"),
                s.password, s.passwordFile, s.store, s.prefix, s.checksums, s.timeout, s.clock));
    }

    /** The user's password, handed to the tool through its environment or a private option file; copied. */
    public BackupRunner password(char[] secret) {
        return with(new Settings(s.tool, s.host, s.port, s.user, s.database, s.executable, secret.clone(),
                s.passwordFile, s.store, s.prefix, s.checksums, s.timeout, s.clock));
    }

    /** A password file: {@code PGPASSFILE} for pg_dump, an option file ({@code --defaults-extra-file}) for MariaDB. */
    public BackupRunner passwordFile(Path file) {
        return with(new Settings(s.tool, s.host, s.port, s.user, s.database, s.executable, s.password,
                Objects.requireNonNull(file, "file"), s.store, s.prefix, s.checksums, s.timeout, s.clock));
    }

    /** The store the backup goes into. Required. */
    public BackupRunner into(DirectoryBackupStore store) {
        return with(new Settings(s.tool, s.host, s.port, s.user, s.database, s.executable, s.password,
                s.passwordFile, Objects.requireNonNull(store, "store"), s.prefix, s.checksums, s.timeout, s.clock));
    }

    /** The name prefix; default {@value #DEFAULT_PREFIX}. */
    public BackupRunner prefix(String namePrefix) {
        if (namePrefix.contains("/") || namePrefix.startsWith(".")) {
            throw new IllegalArgumentException("a prefix cannot contain '/' or start with '.': " + namePrefix);
        }
        return with(new Settings(s.tool, s.host, s.port, s.user, s.database, s.executable, s.password,
                s.passwordFile, s.store, namePrefix, s.checksums, s.timeout, s.clock));
    }

    /** The manifest the new backup's line goes into; default {@link ChecksumManifest#sha256()}. */
    public BackupRunner checksums(ChecksumManifest manifest) {
        return with(new Settings(s.tool, s.host, s.port, s.user, s.database, s.executable, s.password,
                s.passwordFile, s.store, s.prefix, Objects.requireNonNull(manifest, "manifest"), s.timeout, s.clock));
    }

    /** How long the dump may take; default {@link #DEFAULT_TIMEOUT}. */
    public BackupRunner timeout(Duration limit) {
        return with(new Settings(s.tool, s.host, s.port, s.user, s.database, s.executable, s.password,
                s.passwordFile, s.store, s.prefix, s.checksums, Objects.requireNonNull(limit, "limit"), s.clock));
    }

    /** The clock that names the backup. */
    public BackupRunner clock(Clock now) {
        return with(new Settings(s.tool, s.host, s.port, s.user, s.database, s.executable, s.password,
                s.passwordFile, s.store, s.prefix, s.checksums, s.timeout, Objects.requireNonNull(now, "now")));
    }

    private static BackupRunner with(Settings settings) {
        return new BackupRunner(settings);
    }

    /**
     * This run as an action of a {@link MaintenancePlan}, so a host can sequence "backup, verify, prune" in one
     * window: not destructive, no lock impact on writers (the dump reads one snapshot), and it fails, with the run's
     * reason, when the run does not succeed. Each execution makes a new backup.
     */
    public MaintenanceAction asAction() {
        if (s.store == null) {
            throw new IllegalStateException("no store: call into(store) first");
        }
        return MaintenanceAction.builder(s.store.location(), s.tool.executable + " " + s.database + "@" + s.host + ":"
                        + s.port + " into " + s.store.location())
                .reason("a new verified backup of " + s.database)
                .lockImpact(LockImpact.NONE)
                .destructive(false)
                .step(context -> {
                    BackupRun run = run();
                    if (!run.succeeded()) {
                        throw new IllegalStateException(run.reason());
                    }
                    BackupEntry entry = run.backup().orElseThrow();
                    return StepResult.of("wrote " + entry.name() + " (SHA-256 " + run.sha256() + ")",
                            Measurement.bytes("size", entry.dataSize()), Measurement.seconds("duration",
                                    run.duration()));
                })
                .build();
    }

    /** Makes one backup. Never throws for a failed dump: the result says what went wrong. */
    public BackupRun run() {
        if (s.store == null) {
            throw new IllegalStateException("no store: call into(store) first");
        }
        long t0 = System.nanoTime();
        String name = s.prefix + STAMP.format(s.clock.instant()) + s.tool.extension;
        Path target = s.store.resolve(name);
        Path temp = target.resolveSibling("." + name + ".partial");
        Path optionFile = null;
        try {
            if (Files.exists(target)) {
                return failed("a backup named " + name + " already exists", t0, Optional.empty());
            }
            Optional<Path> exe = s.executable != null ? Optional.of(s.executable)
                    : Executables.onPath(s.tool.executable);
            if (exe.isEmpty()) {
                return failed(s.tool.executable + " is not on the PATH; configure it with executable(path)", t0,
                        Optional.empty());
            }
            List<String> command = new ArrayList<>();
            command.add(exe.get().toString());
            Map<String, String> env = new java.util.HashMap<>();
            if (s.tool == Tool.PG_DUMP) {
                command.addAll(List.of("--format=custom", "--no-password", "--host", s.host, "--port",
                        Integer.toString(s.port), "--username", s.user, "--dbname", s.database));
                env.put("PGAPPNAME", "maintkit-backup");
                if (s.password != null) {
                    env.put("PGPASSWORD", new String(s.password));
                }
                if (s.passwordFile != null) {
                    env.put("PGPASSFILE", s.passwordFile.toString());
                }
            } else {
                if (s.password != null) {
                    optionFile = OptionFile.withPassword(s.password);
                    command.add("--defaults-extra-file=" + optionFile);
                } else if (s.passwordFile != null) {
                    command.add("--defaults-extra-file=" + s.passwordFile);
                }
                command.addAll(List.of("--host", s.host, "--port", Integer.toString(s.port), "--user", s.user,
                        "--single-transaction", "--routines", "--triggers", "--hex-blob", s.database));
            }
            String sha256 = dump(command, env, temp);
            EntryWalk.Result walk;
            try (InputStream in = Files.newInputStream(temp)) {
                walk = EntryWalk.run(in, name, false, path -> {
                    throw new java.nio.file.NoSuchFileException(path);
                });
            }
            BackupEntry tempEntry = new BackupEntry(name, Files.size(temp),
                    Files.getLastModifiedTime(temp).toInstant());
            BackupVerification verification = new BackupVerification(tempEntry, walk.format(),
                    BackupVerifier.integrityOf(walk), walk.detail(), walk.problem(),
                    BackupVerification.ChecksumStatus.MATCH, sha256, Duration.ZERO);
            if (walk.failure() != null) {
                return failed("the dump does not verify: " + walk.detail(), t0, Optional.of(verification));
            }
            DurableFiles.moveIntoPlace(temp, target, false);
            try {
                s.checksums.put(s.store, name, sha256);
            } catch (IOException e) {
                Files.deleteIfExists(target);
                return failed("cannot add the manifest line: " + Failures.describe(e), t0, Optional.of(verification));
            }
            BackupEntry entry = s.store.metadata(name).orElseThrow();
            return new BackupRun(Outcome.SUCCEEDED, "", Optional.of(entry), sha256,
                    Duration.ofNanos(System.nanoTime() - t0), Optional.of(verification));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed("interrupted", t0, Optional.empty());
        } catch (IOException | RuntimeException e) {
            return failed(Failures.describe(e), t0, Optional.empty());
        } finally {
            deleteQuietly(temp);
            if (optionFile != null) {
                deleteQuietly(optionFile);
            }
        }
    }

    /** Runs the tool, streaming its output into {@code temp} with SHA-256, then syncs; returns the hex digest. */
    private String dump(List<String> command, Map<String, String> env, Path temp)
            throws IOException, InterruptedException {
        Path errors = Files.createTempFile("maintkit-dump-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(errors.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process process = pb.start();
            MessageDigest digest = sha256();
            try (InputStream out = process.getInputStream();
                 FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[1 << 20];
                int n;
                while ((n = out.read(buf)) > 0) {
                    digest.update(buf, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) {
                        ch.write(bb);
                    }
                }
                ch.force(true);
            } finally {
                if (!process.waitFor(s.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            }
            if (process.isAlive() || process.exitValue() != 0) {
                String tail = Files.readString(errors, StandardCharsets.UTF_8);
                tail = tail.length() > 2000 ? tail.substring(tail.length() - 2000) : tail;
                throw new IOException(s.tool.executable + " failed"
                        + (process.isAlive() ? " (timed out)" : " (exit " + process.exitValue() + ")") + ": "
                        + tail.strip());
            }
            return HexFormat.of().formatHex(digest.digest());
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static BackupRun failed(String reason, long t0, Optional<BackupVerification> verification) {
        return new BackupRun(Outcome.FAILED, reason, Optional.empty(), "",
                Duration.ofNanos(System.nanoTime() - t0), verification);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort; a hidden .partial file is ignored by the store
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "BackupRunner[" + s.tool.executable + " of " + s.database + " at " + s.host + ":" + s.port + " as "
                + s.user + (s.password != null ? ", password set" : "") + "]";
    }
}
