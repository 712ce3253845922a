package dev.cohort.bench.chat;

import dev.cohort.chat.v1.AddMembersRequest;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.CreateChannelRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

/**
 * Who takes part: an owner who creates the channels, the senders (members of every conversation) and each
 * conversation's subscribers (members of that one). Created through the API (CreateChannel, then AddMembers in
 * chunks of 100), as clients would. One more channel, with the owner alone, holds the JDBC limit's rows.
 */
record Population(UUID owner, List<UUID> senders, List<Conversation> conversations, String jdbcConversationId) {

    /** One channel and the users following it. */
    record Conversation(String id, List<UUID> subscribers) {
    }

    /**
     * Creates the channels and their members; {@code register} makes each user known to chat first (chat adds only
     * registered users).
     */
    static Population create(BenchSettings settings, ChatServiceGrpc.ChatServiceBlockingStub chat, UUID owner,
                             Consumer<List<UUID>> register) {
        register.accept(List.of(owner));
        List<UUID> senders = users(settings.senders());
        register.accept(senders);
        List<Conversation> conversations = new ArrayList<>();
        for (int c = 0; c < settings.conversations(); c++) {
            List<UUID> subscribers = users(settings.subscribersPerConversation());
            register.accept(subscribers);
            List<UUID> members = new ArrayList<>(senders);
            members.addAll(subscribers);
            String id = chat.withDeadlineAfter(30, TimeUnit.SECONDS).createChannel(CreateChannelRequest.newBuilder()
                    .setName("bench " + c).setTopic("chat benchmark").build()).getConversation().getConversationId();
            for (int from = 0; from < members.size(); from += 100) {
                List<String> chunk = members.subList(from, Math.min(members.size(), from + 100)).stream()
                        .map(UUID::toString).toList();
                chat.withDeadlineAfter(30, TimeUnit.SECONDS).addMembers(AddMembersRequest.newBuilder()
                        .setConversationId(id).addAllUserIds(chunk).build());
            }
            conversations.add(new Conversation(id, subscribers));
        }
        String jdbc = chat.withDeadlineAfter(30, TimeUnit.SECONDS).createChannel(CreateChannelRequest.newBuilder()
                .setName("bench jdbc limit").build()).getConversation().getConversationId();
        return new Population(owner, senders, conversations, jdbc);
    }

    List<UUID> everyone() {
        List<UUID> all = new ArrayList<>(senders);
        conversations.forEach(conversation -> all.addAll(conversation.subscribers()));
        all.add(owner);
        return all;
    }

    private static List<UUID> users(int count) {
        List<UUID> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(UUID.randomUUID());
        }
        return users;
    }
}
