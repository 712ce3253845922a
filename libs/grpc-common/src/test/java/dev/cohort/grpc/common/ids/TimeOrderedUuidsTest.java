package dev.cohort.grpc.common.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimeOrderedUuidsTest {

    @Test
    void anIdIsAVersion7UuidOfTheIetfVariantStampedWithItsMillisecond() {
        long now = 1_733_300_000_123L;
        UUID id = new TimeOrderedUuids(() -> now).make();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(TimeOrderedUuids.millisOf(id)).isEqualTo(now);
        assertThat(id.toString()).startsWith(String.format("%08x-%04x-7", now >>> 16, now & 0xFFFF));
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnesAsPostgresComparesThem() {
        AtomicLong clock = new AtomicLong(1_000_000L);
        TimeOrderedUuids ids = new TimeOrderedUuids(clock::getAndIncrement);
        String previous = ids.make().toString();
        for (int i = 0; i < 1_000; i++) {
            String next = ids.make().toString();
            // PostgreSQL orders uuid values bytewise, which is the order of their text.
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void idsOfOneMillisecondAreStillUnique() {
        TimeOrderedUuids ids = new TimeOrderedUuids(() -> 42L);
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(ids.make())).isTrue();
        }
    }

    @Test
    void theTimeOfARandomUuidIsRefused() {
        assertThatThrownBy(() -> TimeOrderedUuids.millisOf(UUID.randomUUID()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
