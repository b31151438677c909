package io.maintkit.core;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a {@link RetentionPolicy} kept an item: the rule and the period the item fills, e.g. {@code daily 2025-02-15}
 * or {@code weekly 2025-W07}.
 *
 * @param rule   the rule that kept it
 * @param period the calendar period (or span) the item stands for under that rule
 */
public record KeepReason(Rule rule, String period) {

    /** The rules of a retention policy. */
    public enum Rule {
        /** One of the newest n items. */
        LAST,
        /** The newest item of an hour. */
        HOURLY,
        /** The newest item of a day. */
        DAILY,
        /** The newest item of an ISO week. */
        WEEKLY,
        /** The newest item of a month. */
        MONTHLY,
        /** The newest item of a year. */
        YEARLY,
        /** Within a span of the newest item. */
        WITHIN,
        /** The newest item of an hour, within a span of the newest item. */
        WITHIN_HOURLY,
        /** The newest item of a day, within a span of the newest item. */
        WITHIN_DAILY,
        /** The newest item of an ISO week, within a span of the newest item. */
        WITHIN_WEEKLY,
        /** The newest item of a month, within a span of the newest item. */
        WITHIN_MONTHLY,
        /** The newest item of a year, within a span of the newest item. */
        WITHIN_YEARLY,
        /** Dated after the policy's clock: never removed, never counted. */
        FUTURE;

        /** The rule's name as it appears in reasons: {@code daily}, {@code within-daily}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Validates the parts. */
    public KeepReason {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(period, "period");
    }

    /** {@code daily 2025-02-15}. */
    @Override
    public String toString() {
        return rule.label() + " " + period;
    }
}
