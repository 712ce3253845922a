package dev.cohort.chat.config;

import dev.cohort.auth.AccessTokenVerifier;
import dev.cohort.auth.RevocationSignal;
import dev.cohort.chat.app.ConversationAccess;
import dev.cohort.chat.app.DeliveryProbe;
import dev.cohort.chat.app.MessageQueries;
import dev.cohort.chat.app.MessageWriter;
import dev.cohort.chat.app.ReadMarkers;
import dev.cohort.chat.live.LiveDelivery;
import dev.cohort.chat.live.LiveProperties;
import dev.cohort.chat.live.LiveService;
import dev.cohort.chat.live.StreamRevocations;
import dev.cohort.grpc.server.StatusMapper;
import dev.cohort.grpc.server.ValidationInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Live delivery (ADR 0016) in two beans: {@link LiveDelivery} is the {@code LiveFeed} the use cases publish to
 * (it depends on no use case that publishes, so there is no cycle), {@link LiveService} the {@code LiveRpcs}
 * the gRPC endpoint hands streams, presence and typing to.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LiveProperties.class)
public class LiveConfiguration {

    @Bean
    LiveDelivery liveDelivery(RedissonClient redisson, MessageQueries queries, ConversationAccess access,
                              LiveProperties properties, ObjectProvider<MeterRegistry> meters,
                              ObjectProvider<DeliveryProbe> probe) {
        LiveDelivery delivery = new LiveDelivery(redisson, queries, access, properties,
                probe.getIfAvailable(() -> DeliveryProbe.NONE));
        meters.ifAvailable(delivery::bindMetrics);
        return delivery;
    }

    /** Ends streams whose token identity revoked (ADR 0021). */
    @Bean
    StreamRevocations streamRevocations(LiveDelivery delivery, RevocationSignal signal, AccessTokenVerifier verifier,
                                        StatusMapper statusMapper) {
        return new StreamRevocations(delivery, signal, verifier, statusMapper);
    }

    @Bean
    LiveService liveService(LiveDelivery delivery, RedissonClient redisson, ConversationAccess access,
                            MessageQueries queries, MessageWriter writer, ReadMarkers readMarkers,
                            StatusMapper statusMapper, ValidationInterceptor validation,
                            StreamRevocations revocations, Clock clock) {
        return new LiveService(delivery, redisson, access, queries, writer, readMarkers, statusMapper, validation,
                revocations, clock);
    }
}
