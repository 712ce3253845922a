package dev.cohort.chat.config;

import dev.cohort.chat.api.LiveRpcs;
import dev.cohort.chat.app.LiveFeed;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** PLACEHOLDER while the live layer is being written: replaced by the live layer's wiring. */
@Configuration(proxyBeanMethods = false)
public class LiveConfiguration {

    @Bean
    LiveFeed liveFeed() {
        return change -> { };
    }

    @Bean
    LiveRpcs liveRpcs() {
        return new LiveRpcs() {
            @Override
            public void subscribe(dev.cohort.chat.domain.Actor actor, dev.cohort.chat.v1.SubscribeRequest request,
                                  io.grpc.stub.StreamObserver<dev.cohort.chat.v1.SubscribeResponse> frames) {
                frames.onError(io.grpc.Status.UNIMPLEMENTED.asException());
            }

            @Override
            public io.grpc.stub.StreamObserver<dev.cohort.chat.v1.ConnectRequest> connect(
                    dev.cohort.chat.domain.Actor actor,
                    io.grpc.stub.StreamObserver<dev.cohort.chat.v1.ConnectResponse> frames) {
                frames.onError(io.grpc.Status.UNIMPLEMENTED.asException());
                return new io.grpc.stub.StreamObserver<>() {
                    public void onNext(dev.cohort.chat.v1.ConnectRequest value) { }
                    public void onError(Throwable t) { }
                    public void onCompleted() { }
                };
            }

            @Override
            public dev.cohort.chat.v1.GetPresenceResponse getPresence(dev.cohort.chat.v1.GetPresenceRequest request) {
                throw io.grpc.Status.UNIMPLEMENTED.asRuntimeException();
            }

            @Override
            public void sendTyping(dev.cohort.chat.domain.Actor actor, dev.cohort.chat.v1.SendTypingRequest request) {
                throw io.grpc.Status.UNIMPLEMENTED.asRuntimeException();
            }
        };
    }
}
