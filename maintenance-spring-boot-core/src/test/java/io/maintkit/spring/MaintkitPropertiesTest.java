package io.maintkit.spring;

import io.maintkit.core.DataSize;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintkitPropertiesTest {

    final MaintkitProperties properties = new MaintkitProperties();

    @Test
    void limitsAreReadInTheTypeOfTheDefaultsAndKeepTheirDirection() {
        properties.getChecks().put("test.sizes.total.warning", "512KB");
        properties.getChecks().put("test.sizes.total.critical", "1.5 GiB");
        properties.getChecks().put("test.ages.lag.warning", "90s");
        properties.getChecks().put("test.ages.lag.critical", "PT1H");
        properties.getChecks().put("test.hits.ratio.warning", "99%");

        Threshold<DataSize> total = properties.threshold("test.sizes", "total",
                Threshold.above(DataSize.ofGigabytes(10), DataSize.ofGigabytes(20)));
        Threshold<Duration> lag = properties.threshold("test.ages", "lag",
                Threshold.above(Duration.ofSeconds(30), Duration.ofMinutes(5)));
        Threshold<Percent> ratio = properties.threshold("test.hits", "ratio",
                Threshold.below(Percent.of(90), Percent.of(80)));

        assertThat(total).isEqualTo(Threshold.above(DataSize.ofKilobytes(512), DataSize.ofBytes(1536L << 20)));
        assertThat(lag).isEqualTo(Threshold.above(Duration.ofSeconds(90), Duration.ofHours(1)));
        assertThat(ratio).as("the critical limit stays the default's").isEqualTo(
                Threshold.below(Percent.of(99), Percent.of(80)));
        assertThat(ratio.evaluate(Percent.of(95))).isEqualTo(Severity.WARNING);
    }

    @Test
    void noPropertyMeansTheDefaults() {
        Threshold<Long> defaults = Threshold.above(10L, 100L);

        assertThat(properties.threshold("test.counts", "rows", defaults)).isEqualTo(defaults);
        assertThat(properties.isCheckEnabled("test.counts")).isTrue();
    }

    @Test
    void aCheckIsSwitchedOffByItsEnabledProperty() {
        properties.getChecks().put("postgres.table-bloat.enabled", "false");
        properties.getChecks().put("postgres.vacuum.enabled", "maybe");

        assertThat(properties.isCheckEnabled("postgres.table-bloat")).isFalse();
        assertThat(properties.isCheckEnabled("postgres.indexes")).isTrue();
        assertThatThrownBy(() -> properties.isCheckEnabled("postgres.vacuum"))
                .hasMessageContaining("maintkit.checks.postgres.vacuum.enabled");
    }

    @Test
    void aValueThatCannotBeReadOrLimitsInTheWrongOrderNameTheProperty() {
        properties.getChecks().put("test.sizes.total.warning", "ten gigs");
        properties.getChecks().put("test.ages.lag.critical", "1s");

        assertThatThrownBy(() -> properties.threshold("test.sizes", "total",
                Threshold.above(DataSize.ofGigabytes(10), DataSize.ofGigabytes(20))))
                .hasMessageContaining("maintkit.checks.test.sizes.total.warning");
        assertThatThrownBy(() -> properties.threshold("test.ages", "lag",
                Threshold.above(Duration.ofSeconds(30), Duration.ofMinutes(5))))
                .hasMessageContaining("maintkit.checks.test.ages.lag").hasMessageContaining("milder");
    }
}
