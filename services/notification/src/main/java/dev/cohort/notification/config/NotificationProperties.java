package dev.cohort.notification.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cohort.notification.*}.
 *
 * @param consumersEnabled   whether to consume the other services' events (off only in tests without Kafka)
 * @param unsubscribeKey     base64 of at least 32 random bytes, the same on every replica: signs unsubscribe links
 *                           (COHORT_NOTIFICATION_UNSUBSCRIBEKEY); no default, a missing key stops the start
 * @param publicBaseUrl      where people reach the gateway; links in e-mails start with it
 * @param digestWindow       how long an e-mail waits for more notifications to join it (a burst becomes one digest)
 * @param emailPoll          how often due e-mails are looked for
 * @param emailRetryBackoff  the wait after a first SMTP failure; doubled after each further one (at most an hour)
 * @param emailMaxAttempts   attempts before an e-mail is given up (FAILED)
 * @param maxStreamsPerUser  live streams one person may hold on one replica
 * @param maxQueued          messages a live stream may have waiting for a slow client before it is ended
 * @param maxReplay          notifications a resuming stream is sent at most (more: it starts with {@code gap})
 * @param maxStreamLifetime  longest life of a live stream (then the client resumes, re-authenticated)
 * @param revocationSweep    how often every live stream's token is checked against the deny-list anyway
 * @param heartbeat          how often every live stream gets a heartbeat (proxies end idle streams)
 */
@ConfigurationProperties("cohort.notification")
public record NotificationProperties(@DefaultValue("true") boolean consumersEnabled,
                                     String unsubscribeKey,
                                     @DefaultValue("http://localhost:8080") String publicBaseUrl,
                                     @DefaultValue("2m") Duration digestWindow,
                                     @DefaultValue("1s") Duration emailPoll,
                                     @DefaultValue("30s") Duration emailRetryBackoff,
                                     @DefaultValue("8") int emailMaxAttempts,
                                     @DefaultValue("5") int maxStreamsPerUser,
                                     @DefaultValue("1000") int maxQueued,
                                     @DefaultValue("500") int maxReplay,
                                     @DefaultValue("30m") Duration maxStreamLifetime,
                                     @DefaultValue("1m") Duration revocationSweep,
                                     @DefaultValue("1m") Duration heartbeat) {

    /** The unsubscribe key's bytes; stops the start with what to set when it is missing or short. */
    public byte[] unsubscribeKeyBytes() {
        if (unsubscribeKey == null || unsubscribeKey.isBlank()) {
            throw new IllegalStateException("cohort.notification.unsubscribe-key is not set (environment: "
                    + "COHORT_NOTIFICATION_UNSUBSCRIBEKEY): base64 of at least 32 random bytes, the same on every "
                    + "replica; it signs the unsubscribe links in e-mails");
        }
        byte[] key;
        try {
            key = java.util.Base64.getDecoder().decode(unsubscribeKey.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cohort.notification.unsubscribe-key is not base64");
        }
        if (key.length < 32) {
            throw new IllegalStateException("cohort.notification.unsubscribe-key must hold at least 32 bytes");
        }
        return key;
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "NotificationProperties[publicBaseUrl=" + publicBaseUrl + ", digestWindow=" + digestWindow
                + ", unsubscribeKey=****]";
    }
}
