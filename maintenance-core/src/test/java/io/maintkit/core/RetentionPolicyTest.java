package io.maintkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    record Backup(String name, Instant createdAt) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Backup at(String localDateTime) {
        LocalDateTime t = LocalDateTime.parse(localDateTime);
        return new Backup(localDateTime, t.toInstant(ZoneOffset.UTC));
    }

    /** One backup a night at 01:00 UTC, from {@code first} to {@code last} inclusive. */
    static List<Backup> nightly(String first, String last) {
        List<Backup> backups = new ArrayList<>();
        for (LocalDate d = LocalDate.parse(first); !d.isAfter(LocalDate.parse(last)); d = d.plusDays(1)) {
            backups.add(at(d + "T01:00"));
        }
        return backups;
    }

    static List<String> names(List<Backup> backups) {
        return backups.stream().map(Backup::name).toList();
    }

    @Nested
    class RunbookDefault {
        final List<Backup> backups = nightly("2024-01-01", "2025-03-15");
        final RetentionDecision<Backup> decision = RetentionPolicy.builder()
                .keepDaily(7).keepWeekly(4).keepMonthly(12).build()
                .apply(backups, Backup::createdAt);

        @Test
        void keepsSevenDaysFourWeeksAndTwelveMonths() {
            assertThat(names(decision.kept())).containsExactly(
                    // daily: the last seven nights
                    "2025-03-15T01:00", "2025-03-14T01:00", "2025-03-13T01:00", "2025-03-12T01:00",
                    "2025-03-11T01:00", "2025-03-10T01:00", "2025-03-09T01:00",
                    // weekly: the newest of ISO weeks 2025-W09 and W08 (W11 and W10 are already daily)
                    "2025-03-02T01:00", "2025-02-28T01:00", "2025-02-23T01:00",
                    // monthly: the newest of each of the twelve months from 2025-03 back to 2024-04
                    "2025-01-31T01:00", "2024-12-31T01:00", "2024-11-30T01:00", "2024-10-31T01:00",
                    "2024-09-30T01:00", "2024-08-31T01:00", "2024-07-31T01:00", "2024-06-30T01:00",
                    "2024-05-31T01:00", "2024-04-30T01:00");
        }

        @Test
        void everyItemIsKeptOrRemovedOnce() {
            assertThat(decision.kept().size() + decision.removed().size()).isEqualTo(backups.size());
            assertThat(decision.removed()).doesNotContainAnyElementsOf(decision.kept());
        }

        @Test
        void oneBackupFillsSeveralSlotsAndSaysWhy() {
            Backup newest = backups.get(backups.size() - 1);
            assertThat(decision.reasons(newest)).map(KeepReason::toString)
                    .containsExactly("daily 2025-03-15", "weekly 2025-W11", "monthly 2025-03");
            assertThat(decision.reasons(at("2025-03-09T01:00"))).map(KeepReason::toString)
                    .containsExactly("daily 2025-03-09", "weekly 2025-W10");
            assertThat(decision.reasons(at("2025-03-08T01:00"))).isEmpty();
        }

        @Test
        void exhaustedRulesDoNotKeepTheOldest() {
            assertThat(decision.removed()).contains(backups.get(0));
        }
    }

    @Test
    void aRuleWithSlotsLeftAlsoKeepsTheOldestItem() {
        List<Backup> backups = List.of(at("2025-01-01T01:00"), at("2025-01-01T13:00"), at("2025-01-02T01:00"));
        RetentionDecision<Backup> d = RetentionPolicy.builder().keepDaily(7).build().apply(backups, Backup::createdAt);

        assertThat(names(d.kept())).containsExactly("2025-01-02T01:00", "2025-01-01T13:00", "2025-01-01T01:00");
        assertThat(d.reasons(backups.get(0))).map(KeepReason::toString).containsExactly("daily 2025-01-01");
    }

    @Test
    void aRuleWithoutSlotsLeftDoesNotKeepTheOldestItem() {
        List<Backup> backups = nightly("2025-01-01", "2025-01-05");
        RetentionDecision<Backup> d = RetentionPolicy.builder().keepDaily(2).build().apply(backups, Backup::createdAt);

        assertThat(names(d.kept())).containsExactly("2025-01-05T01:00", "2025-01-04T01:00");
    }

    @Test
    void rulesAreIndependentAndOverlap() {
        List<Backup> backups = List.of(at("2025-01-01T10:00"), at("2025-01-01T12:00"),
                at("2025-01-02T10:00"), at("2025-01-02T12:00"), at("2024-12-20T10:00"));
        RetentionDecision<Backup> d = RetentionPolicy.builder().keepLast(2).keepDaily(2).build()
                .apply(backups, Backup::createdAt);

        assertThat(names(d.kept())).containsExactly("2025-01-02T12:00", "2025-01-02T10:00", "2025-01-01T12:00");
        assertThat(d.reasons(backups.get(3))).map(KeepReason::toString)
                .containsExactly("last #1", "daily 2025-01-02");
        assertThat(d.reasons(backups.get(2))).map(KeepReason::toString).containsExactly("last #2");
        assertThat(names(d.removed())).containsExactly("2025-01-01T10:00", "2024-12-20T10:00");
    }

    @Test
    void withinSpanCountsCalendarMonthsBackFromTheNewestItemAcrossMonthEnds() {
        List<Backup> backups = new ArrayList<>();
        for (LocalDate d = LocalDate.parse("2025-01-15"); !d.isAfter(LocalDate.parse("2025-03-31")); d = d.plusDays(1)) {
            backups.add(at(d + "T12:00"));
        }
        RetentionDecision<Backup> d = RetentionPolicy.builder().keepWithin(Period.ofMonths(1)).build()
                .apply(backups, Backup::createdAt);

        // One month before 31 March 12:00 is 28 February 12:00; only items strictly after it are within.
        assertThat(d.kept()).hasSize(31);
        assertThat(d.kept().get(30).name()).isEqualTo("2025-03-01T12:00");
        assertThat(d.reasons(at("2025-03-01T12:00"))).map(KeepReason::toString).containsExactly("within 1m");
        assertThat(d.reasons(at("2025-02-28T12:00"))).isEmpty();
    }

    @Test
    void withinBucketsKeepTheNewestOfEachPeriodInsideTheSpan() {
        List<Backup> backups = new ArrayList<>();
        for (LocalDate d = LocalDate.parse("2025-01-01"); !d.isAfter(LocalDate.parse("2025-01-10")); d = d.plusDays(1)) {
            backups.add(at(d + "T06:00"));
            backups.add(at(d + "T18:00"));
        }
        RetentionDecision<Backup> d = RetentionPolicy.builder().keepWithinDaily(CalendarSpan.parse("3d")).build()
                .apply(backups, Backup::createdAt);

        // Within 3 days of 2025-01-10T18:00 means after 2025-01-07T18:00: the newest of the 10th, 9th and 8th.
        assertThat(names(d.kept())).containsExactly("2025-01-10T18:00", "2025-01-09T18:00", "2025-01-08T18:00");
        assertThat(d.reasons(at("2025-01-09T18:00"))).map(KeepReason::toString)
                .containsExactly("within-daily 2025-01-09 (within 3d)");
    }

    @Test
    void periodsAreTakenInThePolicysZone() {
        // 22:30Z and 23:30Z are the same UTC day, but 23:30 and 00:30 (next day) in Berlin.
        List<Backup> backups = List.of(at("2025-02-13T12:00"), at("2025-02-14T22:30"), at("2025-02-14T23:30"));
        RetentionPolicy.Builder policy = RetentionPolicy.builder().keepDaily(2);

        assertThat(names(policy.build().apply(backups, Backup::createdAt).kept()))
                .containsExactly("2025-02-14T23:30", "2025-02-13T12:00");
        RetentionDecision<Backup> berlin = policy.zone(ZoneId.of("Europe/Berlin")).build()
                .apply(backups, Backup::createdAt);
        assertThat(names(berlin.kept())).containsExactly("2025-02-14T23:30", "2025-02-14T22:30");
        assertThat(berlin.reasons(backups.get(2))).map(KeepReason::toString).containsExactly("daily 2025-02-15");
    }

    @Test
    void unlimitedKeepsEveryPeriod() {
        List<Backup> backups = nightly("2023-01-01", "2025-01-31");
        RetentionDecision<Backup> d = RetentionPolicy.builder().keepMonthly(RetentionPolicy.UNLIMITED).build()
                .apply(backups, Backup::createdAt);

        assertThat(d.kept()).hasSize(25 + 1); // 25 months, plus the oldest item (2023-01-01)
        assertThat(names(d.kept())).contains("2023-01-31T01:00", "2023-01-01T01:00");
    }

    @Test
    void equalTimestampsKeepTheirInputOrder() {
        Backup a = new Backup("a", Instant.parse("2025-01-01T00:00:00Z"));
        Backup b = new Backup("b", Instant.parse("2025-01-01T00:00:00Z"));
        Backup older = new Backup("older", Instant.parse("2024-12-01T00:00:00Z"));

        RetentionDecision<Backup> d = RetentionPolicy.builder().keepLast(1).build()
                .apply(List.of(a, b, older), Backup::createdAt);
        assertThat(d.kept()).containsExactly(a);
        assertThat(RetentionPolicy.builder().keepLast(1).build().apply(List.of(b, a, older), Backup::createdAt).kept())
                .containsExactly(b);
    }

    @Test
    void itemsCenturiesApartAndWithSubSecondTimesAreOrderedNewestFirst() {
        Backup ancient = new Backup("ancient", Instant.parse("1600-01-01T00:00:00Z"));
        Backup early = new Backup("early", Instant.parse("2025-01-01T00:00:00.100Z"));
        Backup late = new Backup("late", Instant.parse("2025-01-01T00:00:00.900Z"));
        for (List<Backup> input : List.of(List.of(ancient, early, late), List.of(early, late))) {
            RetentionDecision<Backup> d = RetentionPolicy.builder().keepLast(1).build().apply(input, Backup::createdAt);
            assertThat(d.kept()).containsExactly(late);
            assertThat(d.entries().get(1).item()).isEqualTo(early);
        }
    }

    @Test
    void itemsDatedInTheFutureAreKeptAndDoNotShiftTheWithinSpan() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
        List<Backup> backups = new ArrayList<>(nightly("2025-02-01", "2025-03-01"));
        Backup skewed = at("2025-06-01T01:00");
        backups.add(skewed);

        RetentionDecision<Backup> d = RetentionPolicy.builder().keepWithin(Period.ofDays(7)).clock(clock).build()
                .apply(backups, Backup::createdAt);

        assertThat(d.reasons(skewed)).extracting(KeepReason::rule).containsExactly(KeepReason.Rule.FUTURE);
        // Seven days back from 2025-03-01T01:00, the newest real item: 22 Feb 01:00 excluded, 23 Feb to 1 Mar kept.
        assertThat(d.kept()).hasSize(1 + 7);
    }

    @Test
    void emptyInputGivesAnEmptyDecision() {
        RetentionDecision<Backup> d = RetentionPolicy.builder().keepDaily(7).build().apply(List.of(), Backup::createdAt);
        assertThat(d.kept()).isEmpty();
        assertThat(d.removed()).isEmpty();
    }

    @Test
    void aPolicyThatKeepsNothingMustBeExplicit() {
        assertThatThrownBy(() -> RetentionPolicy.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepNothing()");
        List<Backup> backups = nightly("2025-01-01", "2025-01-03");
        assertThat(RetentionPolicy.keepNothing().apply(backups, Backup::createdAt).removed()).hasSize(3);
    }

    @Test
    void negativeCountsAreRefusedWithTheRuleNamed() {
        assertThatThrownBy(() -> RetentionPolicy.builder().keepDaily(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keepDaily must be at least 0 or RetentionPolicy.UNLIMITED, was -3");
    }

    @Test
    void calendarSpansParseResticNotation() {
        assertThat(CalendarSpan.parse("1y2m3d4h")).isEqualTo(new CalendarSpan(1, 2, 3, 4));
        assertThat(CalendarSpan.parse("14d")).hasToString("14d");
        assertThatThrownBy(() -> CalendarSpan.parse("2 weeks")).hasMessageContaining("'2 weeks'");
    }
}
