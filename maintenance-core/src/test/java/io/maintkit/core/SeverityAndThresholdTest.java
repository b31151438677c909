package io.maintkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class SeverityAndThresholdTest {

    @Test
    void unknownIsNeverHealthyAndOutranksWarnings() {
        assertThat(Severity.worst(List.of(Severity.OK, Severity.UNKNOWN, Severity.WARNING))).isEqualTo(Severity.UNKNOWN);
        assertThat(Severity.worst(List.of(Severity.UNKNOWN, Severity.CRITICAL))).isEqualTo(Severity.CRITICAL);
        assertThat(Severity.UNKNOWN.isHealthy()).isFalse();
        assertThat(Severity.INFO.isHealthy()).isTrue();
        assertThat(Severity.worst(List.of())).isEqualTo(Severity.OK);
    }

    @Test
    void aboveAndBelowCountTheLimitAsCrossed() {
        Threshold<Percent> used = Threshold.above(Percent.of(70), Percent.of(90));
        assertThat(used.evaluate(Percent.of(69.9))).isEqualTo(Severity.OK);
        assertThat(used.evaluate(Percent.of(70))).isEqualTo(Severity.WARNING);
        assertThat(used.evaluate(Percent.of(95))).isEqualTo(Severity.CRITICAL);

        Threshold<Duration> left = Threshold.below(Duration.ofDays(30), Duration.ofDays(7));
        assertThat(left.evaluate(Duration.ofDays(31))).isEqualTo(Severity.OK);
        assertThat(left.evaluate(Duration.ofDays(20))).isEqualTo(Severity.WARNING);
        assertThat(left.evaluate(Duration.ofDays(-1))).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void bothFormNeedsPercentAndSizeCrossed() {
        Threshold.Both<Percent, DataSize> bloat = Threshold.both(
                Threshold.above(Percent.of(20), Percent.of(50)),
                Threshold.above(DataSize.ofMegabytes(100), DataSize.ofGigabytes(1)));

        assertThat(bloat.evaluate(Percent.of(80), DataSize.ofMegabytes(10))).isEqualTo(Severity.OK);
        assertThat(bloat.evaluate(Percent.of(25), DataSize.ofGigabytes(5))).isEqualTo(Severity.WARNING);
        assertThat(bloat.evaluate(Percent.of(60), DataSize.ofMegabytes(500))).isEqualTo(Severity.WARNING);
        assertThat(bloat.evaluate(Percent.of(60), DataSize.ofGigabytes(2))).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aCriticalLimitMilderThanTheWarningIsRefused() {
        assertThatThrownBy(() -> Threshold.above(Percent.of(90), Percent.of(70)))
                .hasMessageContaining("milder than warning");
    }

    @Test
    void unitsReadLikeAnOperatorWritesThem() {
        assertThat(DataSize.ofMegabytes(1536)).hasToString("1.5 GiB");
        assertThat(Measurement.seconds("age", Duration.ofHours(76))).hasToString("age=3d 4h");
        assertThat(Measurement.percent("used", Percent.of(71.25))).hasToString("used=71.3%");
        assertThat(Measurement.count("dead_tuples", 12000)).hasToString("dead_tuples=12000");
    }
}
