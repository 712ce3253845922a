package dev.cohort.chat.api;

import static dev.cohort.grpc.server.ProtoTimestamps.timestamp;

import dev.cohort.chat.app.ConversationView;
import dev.cohort.chat.app.ImportedMessage;
import dev.cohort.chat.app.MemberView;
import dev.cohort.chat.app.MessageView;
import dev.cohort.chat.app.NewMessage;
import dev.cohort.chat.domain.ReactionCount;
import dev.cohort.chat.v1.Conversation;
import dev.cohort.chat.v1.ConversationKind;
import dev.cohort.chat.v1.Member;
import dev.cohort.chat.v1.MemberRole;
import dev.cohort.chat.v1.Mention;
import dev.cohort.chat.v1.Message;
import dev.cohort.chat.v1.SendMessageRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Between the contract's messages and the use cases' values. */
public final class ProtoMapping {

    private ProtoMapping() {
    }

    public static Message message(MessageView view) {
        Message.Builder message = Message.newBuilder()
                .setMessageId(view.id().toString())
                .setConversationId(view.conversationId().toString())
                .setSequence(view.sequence())
                .setAuthorUserId(view.authorId().toString())
                .setReplyCount(view.replyCount())
                .setPinned(view.pinned())
                .setDeleted(view.deleted())
                .setClientMessageId(view.clientMessageId())
                .setImported(view.imported())
                .setCreateTime(timestamp(view.createdAt()));
        if (view.text() != null) {
            message.setText(view.text());
        }
        view.mentions().forEach(m -> message.addMentions(Mention.newBuilder().setUserId(m.userId().toString())
                .setStart(m.start()).setLength(m.length())));
        if (view.threadRootId() != null) {
            message.setThreadRootMessageId(view.threadRootId().toString());
        }
        for (ReactionCount count : view.reactions()) {
            message.addReactions(dev.cohort.chat.v1.ReactionCount.newBuilder().setEmoji(count.emoji())
                    .setCount(count.count()).setReactedByMe(count.reactedByMe()));
        }
        if (view.editedAt() != null) {
            message.setEditTime(timestamp(view.editedAt()));
        }
        if (view.deletedAt() != null) {
            message.setDeleteTime(timestamp(view.deletedAt()));
        }
        return message.build();
    }

    public static Conversation conversation(ConversationView view) {
        Conversation.Builder conversation = Conversation.newBuilder()
                .setConversationId(view.id().toString())
                .setKind(ConversationKind.valueOf("CONVERSATION_KIND_" + view.kind().name()))
                .setName(view.name())
                .setTopic(view.topic())
                .setPrivate(view.privateChannel())
                .setArchived(view.archived())
                .setLastSequence(view.lastSequence())
                .setLastReadSequence(view.lastReadSequence())
                .setUnreadCount(view.unreadCount())
                .setCreateTime(timestamp(view.createdAt()));
        if (view.sectionId() != null) {
            conversation.setSectionId(view.sectionId().toString());
        }
        if (view.groupId() != null) {
            conversation.setGroupId(view.groupId().toString());
        }
        conversation.setMemberCount(view.memberCount());
        view.memberPreview().forEach(member -> conversation.addMembers(member(member)));
        if (view.lastMessage() != null) {
            conversation.setLastMessage(message(view.lastMessage()));
        }
        return conversation.build();
    }

    public static Member member(MemberView member) {
        return Member.newBuilder().setUserId(member.userId().toString())
                .setRole(MemberRole.valueOf("MEMBER_ROLE_" + member.role().name()))
                .setJoinTime(timestamp(member.joinedAt())).build();
    }

    public static NewMessage newMessage(SendMessageRequest request) {
        return new NewMessage(UUID.fromString(request.getConversationId()), request.getText(),
                request.getClientMessageId(), optionalId(request.getReplyToMessageId()),
                mentions(request.getMentionsList()), request.getMentionEveryone());
    }

    public static List<ImportedMessage> imported(List<dev.cohort.chat.v1.ImportedMessage> history) {
        return history.stream().map(m -> new ImportedMessage(UUID.fromString(m.getAuthorUserId()), m.getText(),
                m.getClientMessageId(),
                Instant.ofEpochSecond(m.getCreateTime().getSeconds(), m.getCreateTime().getNanos()), m.hasReplyToIndex() ? m.getReplyToIndex() : null,
                mentions(m.getMentionsList()))).toList();
    }

    public static List<dev.cohort.chat.domain.Mention> mentions(List<Mention> mentions) {
        return mentions.stream().map(m -> new dev.cohort.chat.domain.Mention(UUID.fromString(m.getUserId()),
                m.getStart(), m.getLength())).toList();
    }

    public static List<UUID> ids(List<String> ids) {
        return ids.stream().map(UUID::fromString).toList();
    }

    /** The id, or null for the empty string (an unset optional id field). */
    public static UUID optionalId(String id) {
        return id.isEmpty() ? null : UUID.fromString(id);
    }

}
