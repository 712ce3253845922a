package dev.cohort.notification.api;

import dev.cohort.auth.Caller;
import dev.cohort.notification.app.Inbox;
import dev.cohort.notification.app.NotificationView;
import dev.cohort.notification.app.Preferences;
import dev.cohort.notification.app.PreferencesView;
import dev.cohort.notification.domain.Delivery;
import dev.cohort.notification.live.NotificationHub;
import dev.cohort.notification.live.NotificationProtos;
import dev.cohort.notification.v1.EmailSchedule;
import dev.cohort.notification.v1.GetPreferencesRequest;
import dev.cohort.notification.v1.GetPreferencesResponse;
import dev.cohort.notification.v1.GetUnreadCountRequest;
import dev.cohort.notification.v1.GetUnreadCountResponse;
import dev.cohort.notification.v1.KindPreference;
import dev.cohort.notification.v1.ListMutedConversationsRequest;
import dev.cohort.notification.v1.ListMutedConversationsResponse;
import dev.cohort.notification.v1.ListNotificationsRequest;
import dev.cohort.notification.v1.ListNotificationsResponse;
import dev.cohort.notification.v1.MarkAllReadRequest;
import dev.cohort.notification.v1.MarkAllReadResponse;
import dev.cohort.notification.v1.MarkReadRequest;
import dev.cohort.notification.v1.MarkReadResponse;
import dev.cohort.notification.v1.MuteConversationRequest;
import dev.cohort.notification.v1.MuteConversationResponse;
import dev.cohort.notification.v1.NotificationServiceGrpc;
import dev.cohort.notification.v1.SubscribeRequest;
import dev.cohort.notification.v1.SubscribeResponse;
import dev.cohort.notification.v1.UnmuteConversationRequest;
import dev.cohort.notification.v1.UnmuteConversationResponse;
import dev.cohort.notification.v1.UnsubscribeRequest;
import dev.cohort.notification.v1.UnsubscribeResponse;
import dev.cohort.notification.v1.UpdatePreferencesRequest;
import dev.cohort.notification.v1.UpdatePreferencesResponse;
import dev.cohort.paging.Page;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The gRPC endpoint: maps messages to use cases and back, nothing else. Requests arrive validated (protovalidate
 * and the text rule) and authenticated (the contract's access policy, ADR 2); errors are mapped by the server
 * conventions.
 */
public class NotificationGrpcService extends NotificationServiceGrpc.NotificationServiceImplBase {

    private final Inbox inbox;
    private final Preferences preferences;
    private final NotificationHub hub;

    public NotificationGrpcService(Inbox inbox, Preferences preferences, NotificationHub hub) {
        this.inbox = inbox;
        this.preferences = preferences;
        this.hub = hub;
    }

    @Override
    public void listNotifications(ListNotificationsRequest request,
                                  StreamObserver<ListNotificationsResponse> responses) {
        Page<NotificationView> page = inbox.list(Caller.requireUserUuid(), request.getUnreadOnly(),
                request.getPageSize(), request.getPageToken());
        ListNotificationsResponse.Builder response = ListNotificationsResponse.newBuilder()
                .setNextPageToken(page.nextPageToken());
        page.items().forEach(view -> response.addNotifications(NotificationProtos.notification(view)));
        reply(responses, response.build());
    }

    @Override
    public void markRead(MarkReadRequest request, StreamObserver<MarkReadResponse> responses) {
        long left = inbox.markRead(Caller.requireUserUuid(), request.getIdsList());
        reply(responses, MarkReadResponse.newBuilder().setUnreadCount(left).build());
    }

    @Override
    public void markAllRead(MarkAllReadRequest request, StreamObserver<MarkAllReadResponse> responses) {
        long left = inbox.markAllRead(Caller.requireUserUuid(), request.getUpToId());
        reply(responses, MarkAllReadResponse.newBuilder().setUnreadCount(left).build());
    }

    @Override
    public void getUnreadCount(GetUnreadCountRequest request, StreamObserver<GetUnreadCountResponse> responses) {
        reply(responses, GetUnreadCountResponse.newBuilder()
                .setUnreadCount(inbox.unreadCount(Caller.requireUserUuid())).build());
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<SubscribeResponse> responses) {
        Caller caller = Caller.require();
        hub.subscribe(Caller.requireUserUuid(), caller.accessToken(), request.getResumeAfterId(),
                (ServerCallStreamObserver<SubscribeResponse>) responses);
    }

    @Override
    public void getPreferences(GetPreferencesRequest request, StreamObserver<GetPreferencesResponse> responses) {
        PreferencesView view = preferences.get(Caller.requireUserUuid());
        reply(responses, GetPreferencesResponse.newBuilder().addAllKinds(ProtoMapping.kinds(view))
                .setSchedule(ProtoMapping.schedule(view.schedule())).build());
    }

    @Override
    public void updatePreferences(UpdatePreferencesRequest request,
                                  StreamObserver<UpdatePreferencesResponse> responses) {
        Map<dev.cohort.notification.domain.NotificationKind, Delivery> kinds =
                new EnumMap<>(dev.cohort.notification.domain.NotificationKind.class);
        for (KindPreference kind : request.getKindsList()) {
            kinds.put(NotificationProtos.kind(kind.getKind()), new Delivery(kind.getInApp(), kind.getEmail()));
        }
        Optional<Preferences.ScheduleChange> schedule = Optional.empty();
        if (request.hasSchedule()) {
            EmailSchedule given = request.getSchedule();
            schedule = Optional.of(new Preferences.ScheduleChange(given.getTimeZone(), given.getQuietStartMinute(),
                    given.getQuietEndMinute()));
        }
        PreferencesView view = preferences.update(Caller.requireUserUuid(), kinds, schedule);
        reply(responses, UpdatePreferencesResponse.newBuilder().addAllKinds(ProtoMapping.kinds(view))
                .setSchedule(ProtoMapping.schedule(view.schedule())).build());
    }

    @Override
    public void muteConversation(MuteConversationRequest request, StreamObserver<MuteConversationResponse> responses) {
        preferences.mute(Caller.requireUserUuid(), UUID.fromString(request.getConversationId()));
        reply(responses, MuteConversationResponse.getDefaultInstance());
    }

    @Override
    public void unmuteConversation(UnmuteConversationRequest request,
                                   StreamObserver<UnmuteConversationResponse> responses) {
        preferences.unmute(Caller.requireUserUuid(), UUID.fromString(request.getConversationId()));
        reply(responses, UnmuteConversationResponse.getDefaultInstance());
    }

    @Override
    public void listMutedConversations(ListMutedConversationsRequest request,
                                       StreamObserver<ListMutedConversationsResponse> responses) {
        ListMutedConversationsResponse.Builder response = ListMutedConversationsResponse.newBuilder();
        preferences.muted(Caller.requireUserUuid()).forEach(id -> response.addConversationIds(id.toString()));
        reply(responses, response.build());
    }

    @Override
    public void unsubscribe(UnsubscribeRequest request, StreamObserver<UnsubscribeResponse> responses) {
        reply(responses, UnsubscribeResponse.newBuilder()
                .setKind(NotificationProtos.kind(preferences.unsubscribe(request.getToken()))).build());
    }

    private static <T> void reply(StreamObserver<T> responses, T response) {
        responses.onNext(response);
        responses.onCompleted();
    }
}
