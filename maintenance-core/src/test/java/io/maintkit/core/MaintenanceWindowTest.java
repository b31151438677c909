package io.maintkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    final MaintenanceWindow sundayNight = MaintenanceWindow.weekly(DayOfWeek.SUNDAY, LocalTime.of(2, 0),
            Duration.ofHours(2), BERLIN);

    static Instant utc(String t) {
        return Instant.parse(t);
    }

    @Test
    void anOrdinaryWeekOpensAtLocalTimeAndClosesAfterItsLength() {
        // 2025-02-16 is a Sunday; Berlin is UTC+1 in winter.
        assertThat(sundayNight.isOpen(utc("2025-02-16T00:59:59Z"))).isFalse();
        assertThat(sundayNight.isOpen(utc("2025-02-16T01:00:00Z"))).isTrue();
        assertThat(sundayNight.remaining(utc("2025-02-16T02:30:00Z"))).isEqualTo(Duration.ofMinutes(30));
        assertThat(sundayNight.isOpen(utc("2025-02-16T03:00:00Z"))).isFalse();
        assertThat(sundayNight.isOpen(utc("2025-02-19T01:30:00Z"))).isFalse();
    }

    @Test
    void whenClocksGoForwardTheWindowOpensAfterTheGapAndStillLastsTwoHours() {
        // 2025-03-30: 02:00 CET jumps to 03:00 CEST, so 02:00 does not exist; the window opens at 03:00 CEST.
        assertThat(sundayNight.isOpen(utc("2025-03-30T00:59:00Z"))).isFalse();
        assertThat(sundayNight.nextOpening(utc("2025-03-29T12:00:00Z"))).contains(utc("2025-03-30T01:00:00Z"));
        assertThat(sundayNight.isOpen(utc("2025-03-30T01:00:00Z"))).isTrue();
        assertThat(sundayNight.remaining(utc("2025-03-30T01:00:00Z"))).isEqualTo(Duration.ofHours(2));
        assertThat(sundayNight.isOpen(utc("2025-03-30T03:00:00Z"))).isFalse(); // 05:00 CEST
    }

    @Test
    void whenClocksGoBackTheWindowOpensAtTheFirst0200AndLastsTwoRealHours() {
        // 2025-10-26: 03:00 CEST goes back to 02:00 CET; 02:00 CEST is 00:00Z.
        assertThat(sundayNight.isOpen(utc("2025-10-25T23:59:00Z"))).isFalse();
        assertThat(sundayNight.isOpen(utc("2025-10-26T00:00:00Z"))).isTrue();
        assertThat(sundayNight.isOpen(utc("2025-10-26T01:30:00Z"))).isTrue(); // 02:30 CET, the second 02:30
        assertThat(sundayNight.closesAt(utc("2025-10-26T00:00:00Z"))).contains(utc("2025-10-26T02:00:00Z"));
        assertThat(sundayNight.isOpen(utc("2025-10-26T02:00:00Z"))).isFalse(); // 03:00 CET
    }

    @Test
    void aWindowMayRunPastMidnightAndIntoTheNextWeek() {
        MaintenanceWindow lateSunday = MaintenanceWindow.weekly(DayOfWeek.SUNDAY, LocalTime.of(23, 0),
                Duration.ofHours(3), ZoneId.of("UTC"));
        assertThat(lateSunday.isOpen(utc("2025-02-17T01:30:00Z"))).isTrue(); // Monday 01:30
        assertThat(lateSunday.remaining(utc("2025-02-17T01:30:00Z"))).isEqualTo(Duration.ofMinutes(30));
        assertThat(lateSunday.isOpen(utc("2025-02-17T02:00:00Z"))).isFalse();
    }

    @Test
    void unionsAndOneOffWindows() {
        MaintenanceWindow w = sundayNight.or(MaintenanceWindow.once(utc("2025-02-19T10:00:00Z"), Duration.ofMinutes(5)));
        assertThat(w.isOpen(utc("2025-02-19T10:04:59Z"))).isTrue();
        assertThat(w.isOpen(utc("2025-02-19T10:05:00Z"))).isFalse();
        assertThat(w.nextOpening(utc("2025-02-17T00:00:00Z"))).contains(utc("2025-02-19T10:00:00Z"));
        assertThat(w.nextOpening(utc("2025-02-20T00:00:00Z"))).contains(utc("2025-02-23T01:00:00Z"));
    }
}
