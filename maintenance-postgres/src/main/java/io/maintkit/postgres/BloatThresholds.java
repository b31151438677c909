package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;

import java.util.Objects;

/**
 * When bloat is worth a finding: a level is reached only when <em>both</em> the bloat percentage and the bloat
 * bytes reach that level's limits, so a 90 % bloated 8 KiB table and 2 % of a huge table stay quiet.
 *
 * @param limits the percent and bytes thresholds, both of which must be crossed
 */
public record BloatThresholds(Threshold.Both<Percent, DataSize> limits) {

    /** The defaults: warning at 20 % and 100 MiB, critical at 50 % and 1 GiB. */
    public static final BloatThresholds DEFAULT = of(Percent.of(20), DataSize.ofMegabytes(100),
            Percent.of(50), DataSize.ofGigabytes(1));

    /** Validates the limits. */
    public BloatThresholds {
        Objects.requireNonNull(limits, "limits");
    }

    /** Warning when both warning limits are reached, critical when both critical limits are. */
    public static BloatThresholds of(Percent warningPercent, DataSize warningBytes,
                                     Percent criticalPercent, DataSize criticalBytes) {
        return new BloatThresholds(Threshold.both(Threshold.above(warningPercent, criticalPercent),
                Threshold.above(warningBytes, criticalBytes)));
    }

    /** The severity of a relation's bloat. */
    public Severity evaluate(Percent percent, DataSize bytes) {
        return limits.evaluate(percent, bytes);
    }

    @Override
    public String toString() {
        return limits.toString();
    }
}
