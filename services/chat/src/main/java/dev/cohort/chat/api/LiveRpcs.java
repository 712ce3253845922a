package dev.cohort.chat.api;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.v1.ConnectRequest;
import dev.cohort.chat.v1.ConnectResponse;
import dev.cohort.chat.v1.GetPresenceRequest;
import dev.cohort.chat.v1.GetPresenceResponse;
import dev.cohort.chat.v1.SendTypingRequest;
import dev.cohort.chat.v1.SubscribeRequest;
import dev.cohort.chat.v1.SubscribeResponse;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/**
 * The RPCs served by the live layer (streams, presence, typing); {@link ChatGrpcService} hands them over as
 * they arrive, authenticated and (for unary requests) validated.
 */
public interface LiveRpcs {

    /** Server-streaming Subscribe: replay, then live frames, until the client cancels or the server stops. */
    void subscribe(Actor actor, SubscribeRequest request, StreamObserver<SubscribeResponse> frames);

    /** Bidirectional Connect: returns the observer of the client's commands (each wraps a ClientFrame). */
    StreamObserver<ConnectRequest> connect(Actor actor, StreamObserver<ConnectResponse> frames);

    /** The presence of the users asked for, as {@code actor} may see it. */
    GetPresenceResponse getPresence(Actor actor, GetPresenceRequest request);

    void sendTyping(Actor actor, SendTypingRequest request);

    /**
     * The service's definition as the live layer needs it bound: the endpoint passes its generated definition
     * through here (the streams' responses are written by a marshaller of the live layer's own).
     */
    ServerServiceDefinition bind(ServerServiceDefinition generated);
}
