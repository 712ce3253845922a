package dev.cohort.moderation.app;

import dev.cohort.moderation.domain.AuditRecord;
import dev.cohort.redis.SpamPolicy;
import java.time.Clock;
import java.util.UUID;
import org.redisson.api.RedissonClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The spam policy chat enforces (ADR 0058): moderation owns it and publishes it in Redis, where chat reads it in the
 * background. A change is an administrative action, recorded in the audit log.
 */
public class SpamPolicies {

    private final RedissonClient redis;
    private final SpamPolicy defaults;
    private final Auditing auditing;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public SpamPolicies(RedissonClient redis, SpamPolicy defaults, Auditing auditing, TransactionTemplate transactions,
                        Clock clock) {
        this.redis = redis;
        this.defaults = defaults;
        this.auditing = auditing;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Publishes the configured policy unless one was published before (at start). */
    public void publishDefaults() {
        SpamPolicy.publishIfAbsent(redis, defaults);
    }

    /** The policy in force (the configured one until an admin sets another). */
    public SpamPolicy current() {
        return SpamPolicy.current(redis).orElse(defaults);
    }

    /** Replaces the policy: recorded in the audit log first, so a change is never in force unrecorded. */
    public SpamPolicy set(UUID admin, SpamPolicy policy) {
        transactions.executeWithoutResult(status -> auditing.record(new AuditRecord("moderation.SpamPolicyChanged",
                admin, SpamPolicy.KEY, clock.instant(), UUID.randomUUID(),
                "{\"max_identical_messages\": " + policy.maxIdenticalMessages() + ", \"max_links\": "
                        + policy.maxLinks() + ", \"window\": \"" + policy.window() + "\"}")));
        SpamPolicy.publish(redis, policy);
        return policy;
    }
}
