package dev.cohort.identity.events;

import dev.cohort.events.Topics;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.identity.UserReinstated;
import dev.cohort.events.identity.UserRoleChanged;
import dev.cohort.events.identity.UserSuspended;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import dev.cohort.identity.store.UserEntity;
import java.util.List;

/**
 * What identity tells the other services, on topic {@value #TOPIC} keyed by user id. Each method must be called
 * inside the transaction that made the change: the event is an outbox row of that transaction.
 */
public class IdentityEvents {

    public static final String TOPIC = Topics.IDENTITY_USERS;

    private final Outbox outbox;
    private final EventEnvelope envelope;

    public IdentityEvents(Outbox outbox, EventEnvelope envelope) {
        this.outbox = outbox;
        this.envelope = envelope;
    }

    public void registered(UserEntity user) {
        outbox.append(TOPIC, UserRegistered.newBuilder()
                .setMetadata(envelope.forAggregate(user.id().toString()))
                .setUserId(user.id().toString())
                .setEmail(user.email())
                .setDisplayName(user.displayName())
                .setRoles(roleNames(user))
                .build());
    }

    public void suspended(UserEntity user, String reason, String adminId) {
        outbox.append(TOPIC, UserSuspended.newBuilder()
                .setMetadata(envelope.forAggregate(user.id().toString()))
                .setUserId(user.id().toString())
                .setReason(reason)
                .setSuspendedBy(adminId)
                .build());
    }

    public void reinstated(UserEntity user, String adminId) {
        outbox.append(TOPIC, UserReinstated.newBuilder()
                .setMetadata(envelope.forAggregate(user.id().toString()))
                .setUserId(user.id().toString())
                .setReinstatedBy(adminId)
                .build());
    }

    public void rolesChanged(UserEntity user, String adminId) {
        outbox.append(TOPIC, UserRoleChanged.newBuilder()
                .setMetadata(envelope.forAggregate(user.id().toString()))
                .setUserId(user.id().toString())
                .setRoles(roleNames(user))
                .setChangedBy(adminId)
                .build());
    }

    /** Contract names of the {@code cohort.common.v1.Role} enum, e.g. ROLE_STUDENT. */
    private static List<String> roleNames(UserEntity user) {
        return user.roles().stream().sorted().map(role -> "ROLE_" + role.name()).toList();
    }
}
