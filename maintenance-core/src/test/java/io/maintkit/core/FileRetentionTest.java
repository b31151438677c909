package io.maintkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.Outcome;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRetentionTest {

    @TempDir
    Path tmp;
    Path logs;
    Path outside;
    final Instant now = Instant.parse("2025-03-01T12:00:00Z");
    final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    Path file(Path dir, String name, int kib, Duration age) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, ("log line " + name + "\n").repeat(kib * 40), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(f, FileTime.from(now.minus(age)));
        return f;
    }

    @BeforeEach
    void folder() throws IOException {
        logs = Files.createDirectory(tmp.resolve("logs"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        file(logs, "app.log", 10, Duration.ofMinutes(10));
        file(logs, "app-10d.log", 50, Duration.ofDays(10));
        file(logs, "nested/app-40d.log", 20, Duration.ofDays(40));
        file(logs, "app-100d.log.gz", 5, Duration.ofDays(100));
        file(logs, "notes.txt", 5, Duration.ofDays(400));
        Path precious = file(outside, "precious.log", 5, Duration.ofDays(400));
        Files.createSymbolicLink(logs.resolve("link.log"), precious);
        Files.createSymbolicLink(logs.resolve("linked-folder"), outside);
    }

    FileRetention retention() {
        return FileRetention.on(logs).matching("**.log").compressAfter(Duration.ofDays(7))
                .deleteAfter(Duration.ofDays(30)).clock(clock);
    }

    static List<String> commands(MaintenancePlan plan) {
        return plan.actions().stream().map(MaintenanceAction::command).toList();
    }

    @Test
    void plansDeletionsAndCompressionsAndChangesNothing() throws IOException {
        MaintenancePlan plan = retention().plan();

        assertThat(commands(plan)).containsExactly(
                "delete " + logs.resolve("app-100d.log.gz"),
                "delete " + logs.resolve("nested/app-40d.log"),
                "gzip " + logs.resolve("app-10d.log"));
        assertThat(plan.actions().get(0).destructive()).isTrue();
        assertThat(plan.actions().get(2).destructive()).isFalse();
        assertThat(plan.totalCost().frees().bytes())
                .isEqualTo(Files.size(logs.resolve("app-100d.log.gz")) + Files.size(logs.resolve("nested/app-40d.log")));
        assertThat(logs.resolve("app-10d.log")).exists();
        assertThat(logs.resolve("nested/app-40d.log")).exists();
    }

    @Test
    void compressionKeepsTheContentAndTheAgeAndDeletionWaitsForTheOptIn() throws IOException {
        byte[] original = Files.readAllBytes(logs.resolve("app-10d.log"));

        ExecutionReport report = retention().plan().execute(ExecutionOptions.defaults()
                .onFailure(ExecutionOptions.OnFailure.CONTINUE));

        assertThat(report.executions()).extracting(ActionExecution::outcome)
                .containsExactly(Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SUCCEEDED);
        Path gz = logs.resolve("app-10d.log.gz");
        assertThat(logs.resolve("app-10d.log")).doesNotExist();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertThat(in.readAllBytes()).isEqualTo(original);
        }
        assertThat(Files.getLastModifiedTime(gz).toInstant()).isEqualTo(now.minus(Duration.ofDays(10)));
        assertThat(report.executions().get(2).measurements().get(0).value()).isGreaterThan(0);
        assertThat(logs.resolve("nested/app-40d.log")).exists();
    }

    @Test
    void deletionWithTheOptInFreesTheBytesAndNeverLeavesTheRoot() throws IOException {
        long expected = Files.size(logs.resolve("app-100d.log.gz")) + Files.size(logs.resolve("nested/app-40d.log"));

        ExecutionReport report = retention().plan().execute(ExecutionOptions.defaults().allowDestructive(true));

        assertThat(report.allSucceeded()).isTrue();
        double freed = report.executions().subList(0, 2).stream()
                .mapToDouble(e -> e.measurements().get(0).value()).sum();
        assertThat((long) freed).isEqualTo(expected);
        assertThat(logs.resolve("nested/app-40d.log")).doesNotExist();
        assertThat(logs.resolve("app.log")).exists();
        assertThat(logs.resolve("notes.txt")).exists();
        assertThat(outside.resolve("precious.log")).exists();
        assertThat(logs.resolve("link.log")).isSymbolicLink();
    }

    @Test
    void aCompressionThatFailsMidwayKeepsTheOriginalAndLeavesNoDebris() throws IOException {
        Path victim = logs.resolve("app-10d.log");
        byte[] original = new byte[64 * 1024];
        new java.util.Random(42).nextBytes(original); // incompressible, so the gzip stream outgrows 4 KiB
        Files.write(victim, original);
        Files.setLastModifiedTime(victim, FileTime.from(now.minus(Duration.ofDays(10))));
        FileRetention diskFullAfter4KiB = FileRetention.on(logs).matching("app-10d.log").compressAfter(Duration.ofDays(7))
                .clock(clock).compressedSink(out -> new FilterOutputStream(out) {
                    long written;

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        written += len;
                        if (written > 4096) {
                            throw new IOException("No space left on device");
                        }
                        out.write(b, off, len);
                    }
                });

        ExecutionReport report = diskFullAfter4KiB.plan().execute(ExecutionOptions.defaults());

        assertThat(report.executions()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(e.detail()).isEqualTo("No space left on device");
        });
        assertThat(Files.readAllBytes(victim)).isEqualTo(original);
        assertThat(Files.getLastModifiedTime(victim).toInstant()).isEqualTo(now.minus(Duration.ofDays(10)));
        try (Stream<Path> left = Files.list(logs)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(".app-10d") || n.equals("app-10d.log.gz"));
        }
    }

    @Test
    void aFileChangedAfterPlanningIsLeftAlone() throws IOException {
        MaintenancePlan plan = retention().plan();
        Path victim = logs.resolve("nested/app-40d.log");
        Files.writeString(victim, "appended\n", java.nio.file.StandardOpenOption.APPEND);

        ExecutionReport report = plan.execute(ExecutionOptions.defaults().allowDestructive(true)
                .onFailure(ExecutionOptions.OnFailure.CONTINUE));

        assertThat(victim).exists();
        assertThat(report.executions().get(1).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.executions().get(1).detail()).endsWith("changed since it was planned; left alone");
    }

    @Test
    void aRetentionPolicyDecidesWhichFilesGo() {
        MaintenancePlan plan = FileRetention.on(logs).matching("**.log").clock(clock)
                .deleteBy(RetentionPolicy.builder().keepLast(2).build()).plan();

        // app.log (10 minutes) and app-10d.log are the newest two; the others go.
        assertThat(commands(plan)).containsExactly(
                "delete " + logs.resolve("app-100d.log.gz"),
                "delete " + logs.resolve("nested/app-40d.log"));
    }

    @Test
    void filesInTheGracePeriodAreLeftAlone() {
        MaintenancePlan plan = FileRetention.on(logs).matching("**.log").clock(clock)
                .deleteAfter(Duration.ofMinutes(1)).gracePeriod(Duration.ofHours(1)).plan();

        assertThat(commands(plan)).doesNotContain("delete " + logs.resolve("app.log"));
    }
}
