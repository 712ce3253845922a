package dev.cohort.notification.events;

import dev.cohort.events.Topics;
import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRemoved;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.notification.app.Happenings;
import dev.cohort.notification.app.Happenings.ConversationType;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Chat's events: members join and leave conversations (notification's own member list, as message events carry
 * none, ADR 17), and messages mention people or reach a direct conversation. One conversation's events come in
 * order (one key), so a message always finds the members it was posted to. Imported messages notify nobody.
 */
public class ChatMessages extends Consumers {

    public static final String TOPIC = Topics.CHAT_MESSAGES;
    public static final String CONSUMER = "notification-chat";

    private final Happenings happenings;

    public ChatMessages(ProcessedEvents processed, Happenings happenings) {
        super(processed, CONSUMER);
        this.happenings = happenings;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.notification.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event instanceof MemberAdded added) {
            once(added.getMetadata().getEventId(), () -> happenings.memberAdded(id(added.getConversationId()),
                    id(added.getUserId())));
        } else if (event instanceof MemberRemoved removed) {
            once(removed.getMetadata().getEventId(), () -> happenings.memberRemoved(id(removed.getConversationId()),
                    id(removed.getUserId())));
        } else if (event instanceof MessagePosted posted && !posted.getImported()) {
            // An imported message is history an admin brought in (ADR 59), not news: nobody is notified or e-mailed.
            once(posted.getMetadata().getEventId(), () -> happenings.messagePosted(id(posted.getConversationId()),
                    ConversationType.valueOf(posted.getConversationKind().name()), id(posted.getMessageId()),
                    id(posted.getAuthorUserId()), posted.getText().toString(),
                    posted.getMentions().stream().map(mention -> id(mention.getUserId())).toList(),
                    posted.getMentionsEveryone()));
        }
    }
}
