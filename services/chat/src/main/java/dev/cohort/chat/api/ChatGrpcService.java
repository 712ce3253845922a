package dev.cohort.chat.api;

import static dev.cohort.chat.api.ProtoMapping.conversation;
import static dev.cohort.chat.api.ProtoMapping.ids;
import static dev.cohort.chat.api.ProtoMapping.message;

import dev.cohort.auth.Caller;
import dev.cohort.chat.app.ConversationQueries;
import dev.cohort.chat.app.Conversations;
import dev.cohort.chat.app.MemberView;
import dev.cohort.chat.app.MessageChanges;
import dev.cohort.chat.app.MessageImport;
import dev.cohort.chat.app.MessageQueries;
import dev.cohort.chat.app.MessageView;
import dev.cohort.chat.app.MessageWriter;
import dev.cohort.chat.app.ReadMarkers;
import dev.cohort.chat.app.ReadState;
import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.v1.AddMembersRequest;
import dev.cohort.chat.v1.AddMembersResponse;
import dev.cohort.chat.v1.AddReactionRequest;
import dev.cohort.chat.v1.AddReactionResponse;
import dev.cohort.chat.v1.ArchiveConversationRequest;
import dev.cohort.chat.v1.ArchiveConversationResponse;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.CreateChannelRequest;
import dev.cohort.chat.v1.CreateChannelResponse;
import dev.cohort.chat.v1.DeleteMessageRequest;
import dev.cohort.chat.v1.DeleteMessageResponse;
import dev.cohort.chat.v1.EditMessageRequest;
import dev.cohort.chat.v1.EditMessageResponse;
import dev.cohort.chat.v1.GetConversationRequest;
import dev.cohort.chat.v1.GetConversationResponse;
import dev.cohort.chat.v1.GetPresenceRequest;
import dev.cohort.chat.v1.GetPresenceResponse;
import dev.cohort.chat.v1.JoinChannelRequest;
import dev.cohort.chat.v1.JoinChannelResponse;
import dev.cohort.chat.v1.LeaveConversationRequest;
import dev.cohort.chat.v1.LeaveConversationResponse;
import dev.cohort.chat.v1.ListConversationMembersRequest;
import dev.cohort.chat.v1.ListConversationMembersResponse;
import dev.cohort.chat.v1.ListConversationsRequest;
import dev.cohort.chat.v1.ListConversationsResponse;
import dev.cohort.chat.v1.ListPublicChannelsRequest;
import dev.cohort.chat.v1.ListPublicChannelsResponse;
import dev.cohort.chat.v1.ImportMessagesRequest;
import dev.cohort.chat.v1.ImportMessagesResponse;
import dev.cohort.chat.v1.ListMessagesRequest;
import dev.cohort.chat.v1.ListMessagesResponse;
import dev.cohort.chat.v1.ListThreadRequest;
import dev.cohort.chat.v1.ListThreadResponse;
import dev.cohort.chat.v1.MarkReadRequest;
import dev.cohort.chat.v1.MarkReadResponse;
import dev.cohort.chat.v1.OpenDirectRequest;
import dev.cohort.chat.v1.OpenDirectResponse;
import dev.cohort.chat.v1.PinMessageRequest;
import dev.cohort.chat.v1.PinMessageResponse;
import dev.cohort.chat.v1.RemoveMemberRequest;
import dev.cohort.chat.v1.RemoveMemberResponse;
import dev.cohort.chat.v1.RemoveReactionRequest;
import dev.cohort.chat.v1.RemoveReactionResponse;
import dev.cohort.chat.v1.SendMessageRequest;
import dev.cohort.chat.v1.SendMessageResponse;
import dev.cohort.chat.v1.SendTypingRequest;
import dev.cohort.chat.v1.SendTypingResponse;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import dev.cohort.chat.v1.UnpinMessageRequest;
import dev.cohort.chat.v1.UnpinMessageResponse;
import dev.cohort.common.v1.Role;
import dev.cohort.grpc.server.CohortExceptionHandler;
import dev.cohort.grpc.server.StatusMapper;
import dev.cohort.paging.Page;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * The gRPC endpoint: maps messages to use cases and back, nothing else. Requests arrive validated (protovalidate)
 * and authenticated (the contract's access policy); who may do what is decided by the use cases. Streams,
 * presence and typing belong to the live layer ({@link LiveRpcs}).
 */
public class ChatGrpcService implements ChatServiceGrpc.AsyncService, BindableService {

    private final Conversations conversations;
    private final ConversationQueries conversationQueries;
    private final MessageWriter writer;
    private final MessageChanges changes;
    private final MessageQueries messageQueries;
    private final ReadMarkers readMarkers;
    private final MessageImport imports;
    private final LiveRpcs live;
    private final CohortExceptionHandler failures;

    public ChatGrpcService(Conversations conversations, ConversationQueries conversationQueries, MessageWriter writer,
                           MessageChanges changes, MessageQueries messageQueries, ReadMarkers readMarkers,
                           MessageImport imports, LiveRpcs live, StatusMapper statuses) {
        this.imports = imports;
        this.conversations = conversations;
        this.conversationQueries = conversationQueries;
        this.writer = writer;
        this.changes = changes;
        this.messageQueries = messageQueries;
        this.readMarkers = readMarkers;
        this.live = live;
        this.failures = new CohortExceptionHandler(statuses);
    }

    /** The generated definition, with the live streams' responses written by the live layer's marshaller. */
    @Override
    public ServerServiceDefinition bindService() {
        return live.bind(ChatServiceGrpc.bindService(this));
    }

    /** The authenticated caller as the use cases know it. */
    public static Actor actor() {
        Caller caller = Caller.require();
        return new Actor(caller.userUuid(), caller.hasRole(Role.ROLE_ADMIN),
                caller.hasRole(Role.ROLE_INSTRUCTOR));
    }

    @Override
    public void createChannel(CreateChannelRequest request, StreamObserver<CreateChannelResponse> responses) {
        var view = conversations.createChannel(actor(), request.getName(), request.getTopic(), request.getPrivate(),
                ProtoMapping.optionalId(request.getSectionId()), ids(request.getMemberUserIdsList()));
        reply(responses, CreateChannelResponse.newBuilder().setConversation(conversation(view)).build());
    }

    @Override
    public void openDirect(OpenDirectRequest request, StreamObserver<OpenDirectResponse> responses) {
        var opened = conversations.openDirect(actor(), ids(request.getParticipantUserIdsList()));
        reply(responses, OpenDirectResponse.newBuilder().setConversation(conversation(opened.conversation()))
                .setCreated(opened.created()).build());
    }

    @Override
    public void getConversation(GetConversationRequest request, StreamObserver<GetConversationResponse> responses) {
        var view = conversationQueries.view(actor(), UUID.fromString(request.getConversationId()));
        reply(responses, GetConversationResponse.newBuilder().setConversation(conversation(view)).build());
    }

    @Override
    public void listConversations(ListConversationsRequest request,
                                  StreamObserver<ListConversationsResponse> responses) {
        var page = conversationQueries.mine(actor(), request.getPageToken(), request.getPageSize(),
                request.getIncludeArchived());
        var response = ListConversationsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(view -> response.addConversations(conversation(view)));
        reply(responses, response.build());
    }

    @Override
    public void listPublicChannels(ListPublicChannelsRequest request,
                                   StreamObserver<ListPublicChannelsResponse> responses) {
        var page = conversationQueries.publicChannels(actor(), request.getPageToken(), request.getPageSize());
        var response = ListPublicChannelsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(view -> response.addChannels(conversation(view)));
        reply(responses, response.build());
    }

    @Override
    public void joinChannel(JoinChannelRequest request, StreamObserver<JoinChannelResponse> responses) {
        var view = conversations.join(actor(), UUID.fromString(request.getConversationId()));
        reply(responses, JoinChannelResponse.newBuilder().setConversation(conversation(view)).build());
    }

    @Override
    public void addMembers(AddMembersRequest request, StreamObserver<AddMembersResponse> responses) {
        var view = conversations.addMembers(actor(), UUID.fromString(request.getConversationId()),
                ids(request.getUserIdsList()));
        reply(responses, AddMembersResponse.newBuilder().setConversation(conversation(view)).build());
    }

    @Override
    public void removeMember(RemoveMemberRequest request, StreamObserver<RemoveMemberResponse> responses) {
        var view = conversations.removeMember(actor(), UUID.fromString(request.getConversationId()),
                UUID.fromString(request.getUserId()));
        reply(responses, RemoveMemberResponse.newBuilder().setConversation(conversation(view)).build());
    }

    @Override
    public void leaveConversation(LeaveConversationRequest request,
                                  StreamObserver<LeaveConversationResponse> responses) {
        conversations.leave(actor(), UUID.fromString(request.getConversationId()));
        reply(responses, LeaveConversationResponse.getDefaultInstance());
    }

    @Override
    public void listConversationMembers(ListConversationMembersRequest request,
                                        StreamObserver<ListConversationMembersResponse> responses) {
        Page<MemberView> page = conversationQueries.members(actor(), UUID.fromString(request.getConversationId()),
                request.getPageToken(), request.getPageSize());
        var response = ListConversationMembersResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(member -> response.addMembers(ProtoMapping.member(member)));
        reply(responses, response.build());
    }

    @Override
    public void archiveConversation(ArchiveConversationRequest request,
                                    StreamObserver<ArchiveConversationResponse> responses) {
        var view = conversations.archive(actor(), UUID.fromString(request.getConversationId()));
        reply(responses, ArchiveConversationResponse.newBuilder().setConversation(conversation(view)).build());
    }

    /** Answered when the message's batch commits, without holding a thread while it waits. */
    @Override
    public void sendMessage(SendMessageRequest request, StreamObserver<SendMessageResponse> responses) {
        writer.send(actor(), ProtoMapping.newMessage(request)).whenComplete((stored, failure) -> {
            if (failure == null) {
                reply(responses, SendMessageResponse.newBuilder().setMessage(message(stored)).build());
            } else {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                // As the server's exception handler answers a handler's exception: logged, mapped, never leaked.
                responses.onError(failures.handleException(cause));
            }
        });
    }

    @Override
    public void importMessages(ImportMessagesRequest request, StreamObserver<ImportMessagesResponse> responses) {
        List<MessageView> stored = imports.importHistory(actor(), UUID.fromString(request.getConversationId()),
                ProtoMapping.imported(request.getMessagesList()));
        var response = ImportMessagesResponse.newBuilder();
        stored.forEach(view -> response.addMessages(message(view)));
        reply(responses, response.build());
    }

    @Override
    public void editMessage(EditMessageRequest request, StreamObserver<EditMessageResponse> responses) {
        MessageView edited = changes.edit(actor(), UUID.fromString(request.getMessageId()), request.getText(),
                ProtoMapping.mentions(request.getMentionsList()));
        reply(responses, EditMessageResponse.newBuilder().setMessage(message(edited)).build());
    }

    @Override
    public void deleteMessage(DeleteMessageRequest request, StreamObserver<DeleteMessageResponse> responses) {
        MessageView deleted = changes.delete(actor(), UUID.fromString(request.getMessageId()));
        reply(responses, DeleteMessageResponse.newBuilder().setMessage(message(deleted)).build());
    }

    @Override
    public void addReaction(AddReactionRequest request, StreamObserver<AddReactionResponse> responses) {
        MessageView reacted = changes.react(actor(), UUID.fromString(request.getMessageId()), request.getEmoji());
        reply(responses, AddReactionResponse.newBuilder().setMessage(message(reacted)).build());
    }

    @Override
    public void removeReaction(RemoveReactionRequest request, StreamObserver<RemoveReactionResponse> responses) {
        MessageView message = changes.unreact(actor(), UUID.fromString(request.getMessageId()), request.getEmoji());
        reply(responses, RemoveReactionResponse.newBuilder().setMessage(message(message)).build());
    }

    @Override
    public void pinMessage(PinMessageRequest request, StreamObserver<PinMessageResponse> responses) {
        MessageView pinned = changes.pin(actor(), UUID.fromString(request.getMessageId()), true);
        reply(responses, PinMessageResponse.newBuilder().setMessage(message(pinned)).build());
    }

    @Override
    public void unpinMessage(UnpinMessageRequest request, StreamObserver<UnpinMessageResponse> responses) {
        MessageView unpinned = changes.pin(actor(), UUID.fromString(request.getMessageId()), false);
        reply(responses, UnpinMessageResponse.newBuilder().setMessage(message(unpinned)).build());
    }

    @Override
    public void listMessages(ListMessagesRequest request, StreamObserver<ListMessagesResponse> responses) {
        UUID conversationId = UUID.fromString(request.getConversationId());
        Page<MessageView> page = request.getAroundSequence() > 0
                ? messageQueries.around(actor(), conversationId, request.getAroundSequence(), request.getPageToken(),
                        request.getPageSize(), request.getPinnedOnly())
                : messageQueries.list(actor(), conversationId, request.getPageToken(), request.getPageSize(),
                        request.getPinnedOnly());
        var response = ListMessagesResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.items().forEach(item -> response.addMessages(message(item)));
        reply(responses, response.build());
    }

    @Override
    public void listThread(ListThreadRequest request, StreamObserver<ListThreadResponse> responses) {
        var thread = messageQueries.thread(actor(), UUID.fromString(request.getMessageId()), request.getPageToken(),
                request.getPageSize());
        var response = ListThreadResponse.newBuilder().setRoot(message(thread.root()))
                .setNextPageToken(thread.replies().nextPageToken());
        thread.replies().items().forEach(reply -> response.addReplies(message(reply)));
        reply(responses, response.build());
    }

    @Override
    public void markRead(MarkReadRequest request, StreamObserver<MarkReadResponse> responses) {
        ReadState state = readMarkers.markRead(actor(), UUID.fromString(request.getConversationId()),
                request.getSequence());
        reply(responses, MarkReadResponse.newBuilder().setLastReadSequence(state.lastReadSequence())
                .setUnreadCount(state.unreadCount()).build());
    }

    @Override
    public void sendTyping(SendTypingRequest request, StreamObserver<SendTypingResponse> responses) {
        live.sendTyping(actor(), request);
        reply(responses, SendTypingResponse.getDefaultInstance());
    }

    @Override
    public void getPresence(GetPresenceRequest request, StreamObserver<GetPresenceResponse> responses) {
        reply(responses, live.getPresence(actor(), request));
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<SubscribeResponse> frames) {
        live.subscribe(actor(), request, frames);
    }

    @Override
    public StreamObserver<ConnectRequest> connect(StreamObserver<ConnectResponse> frames) {
        return live.connect(actor(), frames);
    }

    private static <T> void reply(StreamObserver<T> responses, T response) {
        responses.onNext(response);
        responses.onCompleted();
    }
}
