package dev.cohort.chat.live;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.chat.live.*}: the limits of live delivery (ADR 0016).
 *
 * @param topic                 the Redis pub/sub channel every replica publishes live frames to and listens on
 *                              (behind the Redisson key prefix)
 * @param outboundQueueFrames   frames one stream may hold waiting for its client (queued plus held back during a
 *                              replay); a client that lets more pile up is cut off with SLOW_CONSUMER
 * @param replayLimit           most messages replayed per conversation when a subscription resumes; beyond it
 *                              the client gets ReplayTruncated and lists the rest itself
 * @param replayPageSize        messages read from PostgreSQL per replay step (never more than half the queue)
 * @param maxSubscriptionsPerStream conversations one stream may follow
 * @param maxStreamsPerUser     live streams one user may hold open over all replicas
 * @param framesPerSecond       sustained client frames per second on one Connect stream
 * @param frameBurst            client frames a Connect stream may send at once before the rate applies
 * @param commandsInFlight      commands one Connect stream may have unanswered at once (pipelined sends); the
 *                              stream reads no further client frame until one is answered
 * @param idleTimeout           a Connect stream without any client frame for this long is closed
 * @param revocationSweep       how often every open stream's token is re-checked against the deny-list, in case a
 *                              revocation signal was missed (ADR 0021)
 * @param heartbeatInterval     how often a Subscribe stream gets a Heartbeat frame
 * @param presenceTtl           how long a stream keeps its user online in Redis without a refresh
 * @param presenceRefresh       how often this replica refreshes the presence of its open streams
 * @param lastSeenRetention     how long "last seen" is remembered after a user goes offline
 * @param typingTtl             how long a typing indication lasts unless renewed
 * @param gapFillDelay          how long a frame that arrived ahead of a missing sequence waits for it before
 *                              the missing messages are read from PostgreSQL
 * @param maxHeldFramesPerConversation frames one conversation may hold back behind a missing sequence
 * @param workerThreads         threads for the blocking work of streams (PostgreSQL reads, Redis, commands)
 * @param writerThreads         threads that write queued frames to the streams' transports
 */
@ConfigurationProperties("cohort.chat.live")
public record LiveProperties(
        @DefaultValue("chat:live") String topic,
        @DefaultValue("512") int outboundQueueFrames,
        @DefaultValue("1000") int replayLimit,
        @DefaultValue("100") int replayPageSize,
        @DefaultValue("100") int maxSubscriptionsPerStream,
        @DefaultValue("10") int maxStreamsPerUser,
        @DefaultValue("20") double framesPerSecond,
        @DefaultValue("40") int frameBurst,
        @DefaultValue("8") int commandsInFlight,
        @DefaultValue("90s") Duration idleTimeout,
        @DefaultValue("30s") Duration revocationSweep,
        @DefaultValue("20s") Duration heartbeatInterval,
        @DefaultValue("60s") Duration presenceTtl,
        @DefaultValue("20s") Duration presenceRefresh,
        @DefaultValue("30d") Duration lastSeenRetention,
        @DefaultValue("5s") Duration typingTtl,
        @DefaultValue("300ms") Duration gapFillDelay,
        @DefaultValue("2000") int maxHeldFramesPerConversation,
        @DefaultValue("4") int workerThreads,
        @DefaultValue("2") int writerThreads) {

    public LiveProperties {
        if (outboundQueueFrames < 4) {
            throw new IllegalArgumentException("cohort.chat.live.outbound-queue-frames must be at least 4");
        }
        if (replayPageSize < 1 || replayLimit < 1 || maxSubscriptionsPerStream < 1 || maxStreamsPerUser < 1
                || commandsInFlight < 1) {
            throw new IllegalArgumentException("cohort.chat.live limits must be positive");
        }
        if (!presenceRefresh.minus(presenceTtl).isNegative()) {
            throw new IllegalArgumentException("cohort.chat.live.presence-refresh must be shorter than presence-ttl");
        }
    }

    /** Replay pages never take more than half of a stream's queue, so live frames keep room beside them. */
    public int effectiveReplayPage() {
        return Math.max(1, Math.min(replayPageSize, outboundQueueFrames / 2));
    }
}
