package dev.cohort.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.chat.v1.ImportMessagesRequest;
import dev.cohort.chat.v1.ImportedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTimesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aHistoryIsSpreadOverTheLastWeeksInOrderAndEndsBeforeNow() {
        for (int seed : List.of(0, 7, 123_456, Integer.MAX_VALUE)) {
            ImportMessagesRequest.Builder history = ImportMessagesRequest.newBuilder();
            for (int i = 0; i < 40; i++) {
                ImportedMessage.Builder message = ImportedMessage.newBuilder().setText("m" + i);
                if (i % 6 == 4) {
                    message.setReplyToIndex(i - 1);
                }
                history.addMessages(message);
            }

            DemoTimes.spread(history, seed, NOW);

            List<Instant> times = history.getMessagesList().stream()
                    .map(m -> Instant.ofEpochSecond(m.getCreateTime().getSeconds(), m.getCreateTime().getNanos()))
                    .toList();
            assertThat(times).isSorted();
            assertThat(Duration.between(times.get(0), NOW)).isBetween(Duration.ofDays(14), Duration.ofDays(28));
            assertThat(Duration.between(times.get(times.size() - 1), NOW)).isBetween(Duration.ofMinutes(20),
                    Duration.ofHours(4));
            assertThat(times).as("days apart, not minutes").doesNotHaveDuplicates();
        }
    }

    @Test
    void theSameConversationAlwaysGetsTheSameTimes() {
        ImportMessagesRequest.Builder first = ImportMessagesRequest.newBuilder()
                .addMessages(ImportedMessage.newBuilder().setText("a")).addMessages(ImportedMessage.newBuilder().setText("b"));
        ImportMessagesRequest.Builder second = first.clone();
        DemoTimes.spread(first, 42, NOW);
        DemoTimes.spread(second, 42, NOW);
        assertThat(first.build()).isEqualTo(second.build());
    }
}
