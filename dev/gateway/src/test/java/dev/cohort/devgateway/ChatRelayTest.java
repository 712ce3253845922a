package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cohort.chat.v1.ChatServiceGrpc;
import dev.cohort.chat.v1.ClientFrame;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.ConversationSubscription;
import dev.cohort.chat.v1.PingCommand;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chat routes of the gateway, in front of a stand-in chat service ({@link FakeChatService}) and the real
 * identity service: REST with the token rule, the browser's Subscribe stream over gRPC-Web, the native clients'
 * bidirectional Connect over gRPC, and streams free of the unary timeout (envoy.yaml: {@code timeout: 0s}).
 */
class ChatRelayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONVERSATION = UUID.randomUUID().toString();

    private static final FakeChatService chat = new FakeChatService();
    /** The x-forwarded-for of the last call that reached chat (absent when it had none). */
    private static final AtomicReference<String> forwardedFor = new AtomicReference<>();
    private static Server chatServer;
    private static LocalGateway gateway;
    private static HttpClient http;
    private static String base;
    private static String accessToken;

    @BeforeAll
    static void startChatAndGateway() throws Exception {
        TestIdentity identity = TestIdentity.shared();
        chatServer = NettyServerBuilder.forPort(0)
                .addService(ServerInterceptors.intercept(chat, new ServerInterceptor() {
                    @Override
                    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                            ServerCallHandler<Q, R> next) {
                        forwardedFor.set(headers.get(
                                Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER)));
                        return next.startCall(call, headers);
                    }
                }))
                .build().start();
        gateway = LocalGateway.start(GatewaySettings.defaults()
                .withPort(0)
                .withUpstream(GatewaySettings.IDENTITY, identity.target())
                .withUpstream(GatewaySettings.CHAT, "127.0.0.1:" + chatServer.getPort()));
        base = "http://127.0.0.1:" + gateway.port();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        accessToken = identity.newAccessToken();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
        if (chatServer != null) {
            chatServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void relaysChatRestCallsWithTheUnaryCeilingAndOnlyWithAToken() throws Exception {
        HttpResponse<String> withToken = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/v1/conversations/" + CONVERSATION))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> withoutToken = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/v1/conversations/" + CONVERSATION)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
        JsonNode conversation = JSON.readTree(withToken.body()).get("conversation");
        assertThat(conversation.get("conversationId").asText()).isEqualTo(CONVERSATION);
        assertThat(conversation.get("name").asText()).isEqualTo("study hall");
        assertThat(chat.deadlineOf("GetConversation")).hasValueSatisfying(deadline ->
                assertThat(deadline.timeRemaining(TimeUnit.SECONDS)).isBetween(1L, 15L));
        assertThat(withoutToken.statusCode()).as("no chat RPC is public").isEqualTo(401);
    }

    @Test
    void tellsTheServiceThePeersAddressAsTheLastForwardedForEntryAfterWhatTheClientWrote() throws Exception {
        HttpResponse<String> plain = getConversationForwardedFor(null);
        String plainSeen = forwardedFor.get();
        HttpResponse<String> forged = getConversationForwardedFor("203.0.113.7");
        String forgedSeen = forwardedFor.get();

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plainSeen).isEqualTo("127.0.0.1");
        assertThat(forged.statusCode()).isEqualTo(200);
        assertThat(forgedSeen).as("one trusted hop (the rightmost entry) is the real peer")
                .isEqualTo("203.0.113.7, 127.0.0.1");
    }

    private HttpResponse<String> getConversationForwardedFor(String value) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/conversations/" + CONVERSATION))
                .header("Authorization", "Bearer " + accessToken).GET();
        if (value != null) {
            request.header("X-Forwarded-For", value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void streamsSubscribeToTheBrowserOverGrpcWebWithoutTheUnaryCeiling() throws Exception {
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .addConversations(ConversationSubscription.newBuilder().setConversationId(CONVERSATION))
                .build();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/cohort.chat.v1.ChatService/Subscribe"))
                .header("Content-Type", "application/grpc-web+proto")
                .header("X-Grpc-Web", "1")
                .header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(GrpcWebFrames.request(request))).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        GrpcWebFrames frames = GrpcWebFrames.parse(response.body());
        List<Long> sequences = frames.messages().stream()
                .map(ChatRelayTest::subscribeResponse)
                .map(frame -> frame.getFrame().getMessageCreated().getMessage().getSequence())
                .toList();
        assertThat(sequences).containsExactly(1L, 2L);
        assertThat(frames.trailers()).contains("grpc-status: 0");
        assertThat(chat.deadlineOf("Subscribe")).as("a live feed has no deadline").isEmpty();
    }

    @Test
    void relaysTheBidirectionalConnectStreamOverGrpcWithoutTheUnaryCeiling() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", gateway.port()).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + accessToken);
            List<String> acknowledged = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> ended = new CompletableFuture<>();
            StreamObserver<ConnectRequest> commands = ChatServiceGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .connect(new StreamObserver<>() {
                        @Override
                        public void onNext(ConnectResponse frame) {
                            acknowledged.add(frame.getFrame().getAck().getCorrelationId());
                        }

                        @Override
                        public void onError(Throwable failure) {
                            ended.completeExceptionally(failure);
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(null);
                        }
                    });

            commands.onNext(ping("first"));
            commands.onNext(ping("second"));
            commands.onCompleted();
            ended.get(10, TimeUnit.SECONDS);

            assertThat(acknowledged).containsExactly("first", "second");
            assertThat(chat.deadlineOf("Connect")).as("a live connection has no deadline").isEmpty();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static ConnectRequest ping(String correlationId) {
        return ConnectRequest.newBuilder().setFrame(ClientFrame.newBuilder()
                .setCorrelationId(correlationId)
                .setPing(PingCommand.getDefaultInstance())).build();
    }

    private static SubscribeResponse subscribeResponse(byte[] bytes) {
        try {
            return SubscribeResponse.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException unreadable) {
            throw new AssertionError(unreadable);
        }
    }
}
