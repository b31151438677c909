package io.maintkit.core;

import io.maintkit.core.internal.NewestFirst;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which items (backups, log files, snapshots) to keep, with restic's {@code forget} semantics.
 *
 * <pre>{@code
 * RetentionPolicy policy = RetentionPolicy.builder()
 *         .keepLast(3).keepDaily(7).keepWeekly(4).keepMonthly(12)
 *         .keepWithin(Period.ofDays(14))
 *         .zone(ZoneId.of("Europe/Berlin"))
 *         .build();
 * RetentionDecision<Backup> d = policy.apply(backups, Backup::createdAt);
 * d.reasons(someBackup);   // [daily 2025-02-15, weekly 2025-W07]
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Items are sorted newest first; items with equal times keep their input order.</li>
 *   <li>Each bucket rule (hourly, daily, weekly, monthly, yearly) keeps the newest item of each calendar period
 *       that has an item (hour, day, ISO week, month, year in the policy's zone), period after period going back,
 *       until its count is used. {@code keepLast} treats every item as its own period.</li>
 *   <li>Rules are independent: one item may fill a daily, a weekly and a monthly slot at once.</li>
 *   <li>A rule that still has slots left when it reaches the oldest item keeps the oldest item too, so the history
 *       kept reaches as far back as it can.</li>
 *   <li>{@link #UNLIMITED} as a count keeps every period.</li>
 *   <li>{@code keepWithin} keeps every item whose time is after the newest item's time less the span (a
 *       {@link CalendarSpan} in the policy's zone); {@code keepWithinHourly/Daily/Weekly/Monthly/Yearly} keep the
 *       newest item of each period within such a span.</li>
 *   <li>Items dated after the policy's clock are kept with reason {@code future} and take no part in the rules,
 *       so one item with a wrong clock cannot push real items out of a {@code within} span.</li>
 *   <li>Every kept item has at least one {@link KeepReason}; every other item is removed.</li>
 * </ul>
 * The decision is deterministic and takes O(n log n) time.
 */
public final class RetentionPolicy {

    /** As a count: keep every period. */
    public static final int UNLIMITED = -1;

    private static final Bucket[] BUCKETS = Bucket.values();

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH", Locale.ROOT);

    private final int[] counts;
    private final CalendarSpan within;
    private final CalendarSpan[] withinBuckets;
    private final ZoneId zone;
    private final Clock clock;

    private RetentionPolicy(int[] counts, CalendarSpan within, CalendarSpan[] withinBuckets, ZoneId zone,
                            Clock clock) {
        this.counts = counts.clone();
        this.within = within;
        this.withinBuckets = withinBuckets.clone();
        this.zone = zone;
        this.clock = clock;
    }

    /** A builder with no rules, zone UTC, system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /** The explicit policy that keeps nothing (except items dated in the future). */
    public static RetentionPolicy keepNothing() {
        return new RetentionPolicy(new int[Bucket.values().length], null,
                new CalendarSpan[Bucket.values().length], ZoneOffset.UTC, Clock.systemUTC());
    }

    /** The zone calendar periods are taken in. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Decides over {@code items}.
     *
     * @param items  the items, in any order; duplicates are treated as distinct items
     * @param timeOf each item's time
     */
    public <T> RetentionDecision<T> apply(Collection<? extends T> items, Function<? super T, Instant> timeOf) {
        Objects.requireNonNull(timeOf, "timeOf");
        Instant now = clock.instant();
        List<Candidate<T>> all = new ArrayList<>(items.size());
        List<Instant> times = new ArrayList<>(items.size());
        for (T item : items) {
            Instant time = Objects.requireNonNull(timeOf.apply(item), () -> "no time for item " + item);
            all.add(new Candidate<>(item, time));
            times.add(time);
        }
        List<Candidate<T>> future = new ArrayList<>();
        List<Candidate<T>> present = new ArrayList<>(all.size());
        for (int i : NewestFirst.order(times)) {
            Candidate<T> c = all.get(i);
            if (c.time.isAfter(now)) {
                c.keep(new KeepReason(KeepReason.Rule.FUTURE, "after " + now));
                future.add(c);
            } else {
                present.add(c);
            }
        }
        decide(present);

        List<RetentionDecision.Entry<T>> entries = new ArrayList<>(items.size());
        for (List<Candidate<T>> group : List.of(future, present)) {
            for (Candidate<T> c : group) {
                entries.add(new RetentionDecision.Entry<>(c.item, c.time, c.reasons()));
            }
        }
        return new RetentionDecision<>(entries);
    }

    private <T> void decide(List<Candidate<T>> list) {
        if (list.isEmpty()) {
            return;
        }
        ZoneRules rules = zone.getRules();
        int[] left = counts.clone();
        long[] last = new long[Bucket.values().length];
        long[] lastWithin = new long[Bucket.values().length];
        Arrays.fill(last, Long.MIN_VALUE);
        Arrays.fill(lastWithin, Long.MIN_VALUE);
        ZonedDateTime newest = list.get(0).time.atZone(zone);
        Instant withinCutoff = within == null ? null : within.before(newest).toInstant();
        Instant[] bucketCutoffs = new Instant[withinBuckets.length];
        for (int i = 0; i < withinBuckets.length; i++) {
            bucketCutoffs[i] = withinBuckets[i] == null ? null : withinBuckets[i].before(newest).toInstant();
        }
        int oldest = list.size() - 1;
        for (int nr = 0; nr < list.size(); nr++) {
            Candidate<T> c = list.get(nr);
            if (withinCutoff != null && c.time.isAfter(withinCutoff)) {
                c.keep(new KeepReason(KeepReason.Rule.WITHIN, within.toString()));
            }
            for (Bucket b : BUCKETS) {
                int i = b.ordinal();
                if (left[i] == 0) {
                    continue;
                }
                long key = b == Bucket.LAST ? nr : b.key(c.local(rules));
                if (key != last[i] || nr == oldest) {
                    last[i] = key;
                    if (left[i] > 0) {
                        left[i]--;
                    }
                    c.keep(new KeepReason(b.rule, b == Bucket.LAST ? "#" + (nr + 1) : b.label(c.local(rules))));
                }
            }
            for (Bucket b : BUCKETS) {
                int i = b.ordinal();
                if (bucketCutoffs[i] == null || !c.time.isAfter(bucketCutoffs[i])) {
                    continue;
                }
                long key = b.key(c.local(rules));
                if (key != lastWithin[i] || nr == oldest) {
                    lastWithin[i] = key;
                    c.keep(new KeepReason(b.withinRule,
                            b.label(c.local(rules)) + " (within " + withinBuckets[i] + ")"));
                }
            }
        }
    }

    /** {@code keep last 3, daily 7, weekly 4, within 14d (zone UTC)}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Bucket b : Bucket.values()) {
            int n = counts[b.ordinal()];
            if (n != 0) {
                parts.add(b.rule.label() + " " + (n == UNLIMITED ? "unlimited" : n));
            }
        }
        if (within != null) {
            parts.add("within " + within);
        }
        for (Bucket b : Bucket.values()) {
            if (withinBuckets[b.ordinal()] != null) {
                parts.add(b.withinRule.label() + " " + withinBuckets[b.ordinal()]);
            }
        }
        String zoneName = zone.equals(ZoneOffset.UTC) ? "UTC" : zone.toString();
        return (parts.isEmpty() ? "keep nothing" : "keep " + String.join(", ", parts)) + " (zone " + zoneName + ")";
    }

    /** An item on its way through the rules; its local time and reasons are made only when needed. */
    private static final class Candidate<T> {
        final T item;
        final Instant time;
        private LocalDateTime local;
        private List<KeepReason> reasons;

        Candidate(T item, Instant time) {
            this.item = item;
            this.time = time;
        }

        LocalDateTime local(ZoneRules rules) {
            if (local == null) {
                local = LocalDateTime.ofEpochSecond(time.getEpochSecond(), time.getNano(), rules.getOffset(time));
            }
            return local;
        }

        void keep(KeepReason reason) {
            if (reasons == null) {
                reasons = new ArrayList<>(2);
            }
            reasons.add(reason);
        }

        List<KeepReason> reasons() {
            return reasons == null ? List.of() : reasons;
        }
    }

    /** The period rules, with the key that tells two items' periods apart. */
    private enum Bucket {
        LAST(KeepReason.Rule.LAST, KeepReason.Rule.LAST),
        HOURLY(KeepReason.Rule.HOURLY, KeepReason.Rule.WITHIN_HOURLY),
        DAILY(KeepReason.Rule.DAILY, KeepReason.Rule.WITHIN_DAILY),
        WEEKLY(KeepReason.Rule.WEEKLY, KeepReason.Rule.WITHIN_WEEKLY),
        MONTHLY(KeepReason.Rule.MONTHLY, KeepReason.Rule.WITHIN_MONTHLY),
        YEARLY(KeepReason.Rule.YEARLY, KeepReason.Rule.WITHIN_YEARLY);

        final KeepReason.Rule rule;
        final KeepReason.Rule withinRule;

        Bucket(KeepReason.Rule rule, KeepReason.Rule withinRule) {
            this.rule = rule;
            this.withinRule = withinRule;
        }

        long key(LocalDateTime t) {
            return switch (this) {
                case LAST -> throw new IllegalStateException("LAST has no calendar key");
                case HOURLY -> t.getYear() * 1_000_000L + t.getMonthValue() * 10_000L + t.getDayOfMonth() * 100L
                        + t.getHour();
                case DAILY -> t.getYear() * 10_000L + t.getMonthValue() * 100L + t.getDayOfMonth();
                case WEEKLY -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                case MONTHLY -> t.getYear() * 100L + t.getMonthValue();
                case YEARLY -> t.getYear();
            };
        }

        String label(LocalDateTime t) {
            return switch (this) {
                case LAST -> throw new IllegalStateException("LAST has no calendar label");
                case HOURLY -> HOUR.format(t);
                case DAILY -> t.toLocalDate().toString();
                case WEEKLY -> String.format(Locale.ROOT, "%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR),
                        t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                case MONTHLY -> String.format(Locale.ROOT, "%d-%02d", t.getYear(), t.getMonthValue());
                case YEARLY -> Integer.toString(t.getYear());
            };
        }
    }

    /** Builds a {@link RetentionPolicy}; every rule is off until set. */
    public static final class Builder {
        private final int[] counts = new int[Bucket.values().length];
        private final CalendarSpan[] withinBuckets = new CalendarSpan[Bucket.values().length];
        private CalendarSpan within;
        private ZoneId zone = ZoneOffset.UTC;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Keeps the newest {@code n} items. */
        public Builder keepLast(int n) {
            return count(Bucket.LAST, "keepLast", n);
        }

        /** Keeps the newest item of each of the last {@code n} hours that have one. */
        public Builder keepHourly(int n) {
            return count(Bucket.HOURLY, "keepHourly", n);
        }

        /** Keeps the newest item of each of the last {@code n} days that have one. */
        public Builder keepDaily(int n) {
            return count(Bucket.DAILY, "keepDaily", n);
        }

        /** Keeps the newest item of each of the last {@code n} ISO weeks that have one. */
        public Builder keepWeekly(int n) {
            return count(Bucket.WEEKLY, "keepWeekly", n);
        }

        /** Keeps the newest item of each of the last {@code n} months that have one. */
        public Builder keepMonthly(int n) {
            return count(Bucket.MONTHLY, "keepMonthly", n);
        }

        /** Keeps the newest item of each of the last {@code n} years that have one. */
        public Builder keepYearly(int n) {
            return count(Bucket.YEARLY, "keepYearly", n);
        }

        /** Keeps every item within {@code span} of the newest item. */
        public Builder keepWithin(Period span) {
            return keepWithin(CalendarSpan.of(span));
        }

        /** Keeps every item within {@code span} of the newest item. */
        public Builder keepWithin(CalendarSpan span) {
            this.within = Objects.requireNonNull(span, "span");
            return this;
        }

        /** Keeps the newest item of each hour within {@code span} of the newest item. */
        public Builder keepWithinHourly(CalendarSpan span) {
            return withinBucket(Bucket.HOURLY, span);
        }

        /** Keeps the newest item of each day within {@code span} of the newest item. */
        public Builder keepWithinDaily(CalendarSpan span) {
            return withinBucket(Bucket.DAILY, span);
        }

        /** Keeps the newest item of each ISO week within {@code span} of the newest item. */
        public Builder keepWithinWeekly(CalendarSpan span) {
            return withinBucket(Bucket.WEEKLY, span);
        }

        /** Keeps the newest item of each month within {@code span} of the newest item. */
        public Builder keepWithinMonthly(CalendarSpan span) {
            return withinBucket(Bucket.MONTHLY, span);
        }

        /** Keeps the newest item of each year within {@code span} of the newest item. */
        public Builder keepWithinYearly(CalendarSpan span) {
            return withinBucket(Bucket.YEARLY, span);
        }

        /** The zone calendar periods are taken in; default UTC. */
        public Builder zone(ZoneId periodsZone) {
            this.zone = Objects.requireNonNull(periodsZone, "periodsZone");
            return this;
        }

        /** The clock that tells items dated in the future; default the system clock. */
        public Builder clock(Clock now) {
            this.clock = Objects.requireNonNull(now, "now");
            return this;
        }

        /**
         * The policy.
         *
         * @throws IllegalStateException when no rule keeps anything; use {@link RetentionPolicy#keepNothing()}
         */
        public RetentionPolicy build() {
            boolean keepsSomething = within != null || Arrays.stream(counts).anyMatch(n -> n != 0)
                    || Arrays.stream(withinBuckets).anyMatch(Objects::nonNull);
            if (!keepsSomething) {
                throw new IllegalStateException("this retention policy keeps nothing and would remove every item; "
                        + "set a keep rule, or use RetentionPolicy.keepNothing() if that is meant");
            }
            return new RetentionPolicy(counts, within, withinBuckets, zone, clock);
        }

        private Builder count(Bucket bucket, String rule, int n) {
            if (n < 0 && n != UNLIMITED) {
                throw new IllegalArgumentException(rule + " must be at least 0 or RetentionPolicy.UNLIMITED, was " + n);
            }
            counts[bucket.ordinal()] = n;
            return this;
        }

        private Builder withinBucket(Bucket bucket, CalendarSpan span) {
            withinBuckets[bucket.ordinal()] = Objects.requireNonNull(span, "span");
            return this;
        }
    }
}
