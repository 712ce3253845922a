package dev.cohort.notification.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When e-mail may go out to one person: never during their quiet hours, read in their time zone (so "22:00 to
 * 07:00" means their night wherever they are, across daylight-saving changes). Equal start and end: no quiet hours.
 */
public record EmailSchedule(ZoneId zone, int quietStartMinute, int quietEndMinute) {

    public static final EmailSchedule DEFAULT = new EmailSchedule(ZoneId.of("UTC"), 0, 0);

    public EmailSchedule {
        if (quietStartMinute < 0 || quietStartMinute >= 1440 || quietEndMinute < 0 || quietEndMinute >= 1440) {
            throw new IllegalArgumentException("minutes after midnight are 0 to 1439");
        }
    }

    /** {@code at} itself when e-mail may be sent then, else the end of the quiet hours it falls in. */
    public Instant firstAllowedFrom(Instant at) {
        if (quietStartMinute == quietEndMinute) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        int minute = local.getHour() * 60 + local.getMinute();
        boolean wraps = quietStartMinute > quietEndMinute;
        boolean quiet = wraps
                ? minute >= quietStartMinute || minute < quietEndMinute
                : minute >= quietStartMinute && minute < quietEndMinute;
        if (!quiet) {
            return at;
        }
        LocalTime end = LocalTime.of(quietEndMinute / 60, quietEndMinute % 60);
        ZonedDateTime endToday = local.with(end).withSecond(0).withNano(0);
        // Past the end already today (a quiet spell across midnight, in its evening part): it ends tomorrow.
        ZonedDateTime ends = endToday.isAfter(local) ? endToday : endToday.plusDays(1);
        return ends.toInstant();
    }

    /** When an e-mail first asked for at {@code at} goes out: after the digest window, outside quiet hours. */
    public Instant dueAt(Instant at, Duration digestWindow) {
        return firstAllowedFrom(at.plus(digestWindow));
    }
}
