package dev.cohort.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.notification.domain.EmailSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class EmailScheduleTest {

    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

    @Test
    void quietHoursAcrossMidnightHoldMailUntilTheMorningInThePersonsTimeZone() {
        EmailSchedule night = new EmailSchedule(ZURICH, 22 * 60, 7 * 60);
        // 23:30 in Zurich (winter, UTC+1) is 22:30 UTC: held until 07:00 Zurich, 06:00 UTC the next day.
        assertThat(night.firstAllowedFrom(Instant.parse("2026-12-07T22:30:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T06:00:00Z"));
        // 03:00 Zurich: held until 07:00 the same day.
        assertThat(night.firstAllowedFrom(Instant.parse("2026-12-08T02:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T06:00:00Z"));
        // 12:00 Zurich: sent at once.
        assertThat(night.firstAllowedFrom(Instant.parse("2026-12-08T11:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T11:00:00Z"));
    }

    @Test
    void quietHoursWithinADayAndNoneAtAll() {
        EmailSchedule lunch = new EmailSchedule(ZoneId.of("UTC"), 12 * 60, 13 * 60);
        assertThat(lunch.firstAllowedFrom(Instant.parse("2026-12-08T12:15:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T13:00:00Z"));
        assertThat(lunch.firstAllowedFrom(Instant.parse("2026-12-08T13:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T13:00:00Z"));
        assertThat(EmailSchedule.DEFAULT.firstAllowedFrom(Instant.parse("2026-12-08T03:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-08T03:00:00Z"));
    }

    @Test
    void anEmailIsDueAfterTheDigestWindowOutsideQuietHours() {
        EmailSchedule night = new EmailSchedule(ZoneId.of("UTC"), 22 * 60, 7 * 60);
        assertThat(night.dueAt(Instant.parse("2026-12-08T21:59:00Z"), Duration.ofMinutes(2)))
                .isEqualTo(Instant.parse("2026-12-09T07:00:00Z"));
        assertThat(night.dueAt(Instant.parse("2026-12-08T10:00:00Z"), Duration.ofMinutes(2)))
                .isEqualTo(Instant.parse("2026-12-08T10:02:00Z"));
    }
}
