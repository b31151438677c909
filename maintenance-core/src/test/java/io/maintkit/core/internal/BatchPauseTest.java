package io.maintkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BatchPauseTest {

    @Test
    void aBatchIsFollowedByTheFixedPausePlusItsShareOfTheBatchTime() {
        assertThat(new BatchPause(Duration.ZERO, 0.1).after(Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(20));
        assertThat(new BatchPause(Duration.ofMillis(5), 0.5).after(Duration.ofMillis(100)))
                .isEqualTo(Duration.ofMillis(55));
        assertThat(new BatchPause(Duration.ofMillis(5), 0).after(Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void negativePausesAreRefused() {
        assertThatThrownBy(() -> new BatchPause(Duration.ofMillis(-1), 0.1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new BatchPause(Duration.ZERO, -0.1)).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> new BatchPause(Duration.ZERO, Double.NaN)).hasMessageContaining("at least 0");
    }
}
