package io.maintkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceCheckTest {

    @TempDir
    Path tmp;

    @Test
    void usedPercentMatchesDfAndIsJudgedByTheThresholds() throws Exception {
        DiskSpaceReport report = DiskSpaceCheck.on(tmp).inspect();

        Process df = new ProcessBuilder("df", "--output=pcent", tmp.toString()).start();
        String[] lines = new String(df.getInputStream().readAllBytes()).strip().split("\n");
        double dfPercent = Double.parseDouble(lines[lines.length - 1].strip().replace("%", ""));
        assertThat(report.usedPercent().value()).isCloseTo(dfPercent, within(1.5));

        double used = report.usedPercent().value();
        Severity expected = used >= 90 ? Severity.CRITICAL : used >= 70 ? Severity.WARNING : Severity.OK;
        assertThat(report.worst()).isEqualTo(expected);
        // Far below the measured value, so that other processes writing or deleting meanwhile cannot matter.
        Threshold<Percent> alreadyCrossed = Threshold.above(Percent.of(used / 4), Percent.of(used / 2));
        assertThat(DiskSpaceCheck.on(tmp).thresholds(alreadyCrossed).inspect().worst()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void largestEntriesShowWhatIsGrowing() throws IOException {
        Files.createDirectories(tmp.resolve("wal/sub"));
        Files.write(tmp.resolve("wal/sub/000001"), new byte[3_000_000]);
        Files.write(tmp.resolve("big.log"), new byte[2_000_000]);
        Files.write(tmp.resolve("small.log"), new byte[1_000]);

        DiskSpaceReport report = DiskSpaceCheck.on(tmp).largest(2).inspect();

        assertThat(report.largest()).extracting(e -> e.path().getFileName().toString()).containsExactly("wal", "big.log");
        assertThat(report.largest().get(0).size().bytes()).isEqualTo(3_000_000);
        assertThat(report.largest().get(0).folder()).isTrue();
        assertThat(report.findings().get(0).details().get("largest")).contains("wal/ 2.9 MiB");
    }

    @Test
    void asCheckReportsACheckThatCannotRun() {
        CheckResult r = DiskSpaceCheck.on(tmp.resolve("missing")).asCheck().run();

        assertThat(r.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(r.reason()).contains("missing");
    }
}
