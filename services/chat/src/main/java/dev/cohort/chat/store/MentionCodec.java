package dev.cohort.chat.store;

import dev.cohort.chat.domain.Mention;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Mentions in one column: {@code userId:start:length} entries joined by {@code ;}. They are only ever read with
 * their message, so a child table would cost a join (or a second batch insert on the hot path) for nothing.
 */
final class MentionCodec {

    private MentionCodec() {
    }

    static String encode(List<Mention> mentions) {
        if (mentions.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (Mention mention : mentions) {
            if (!text.isEmpty()) {
                text.append(';');
            }
            text.append(mention.userId()).append(':').append(mention.start()).append(':').append(mention.length());
        }
        return text.toString();
    }

    static List<Mention> decode(String column) {
        if (column == null || column.isEmpty()) {
            return List.of();
        }
        List<Mention> mentions = new ArrayList<>();
        for (String entry : column.split(";")) {
            String[] parts = entry.split(":");
            mentions.add(new Mention(UUID.fromString(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        }
        return mentions;
    }
}
