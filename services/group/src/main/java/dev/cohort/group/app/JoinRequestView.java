package dev.cohort.group.app;

import dev.cohort.group.domain.RequestState;
import dev.cohort.group.store.JoinRequestEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A join request as it is when its use case ends.
 *
 * @param decidedAt null while pending
 * @param decidedBy null while pending and when the platform decided
 */
public record JoinRequestView(UUID id, UUID groupId, UUID userId, RequestState state, String message,
                              Instant createdAt, Instant decidedAt, UUID decidedBy) {

    static JoinRequestView of(JoinRequestEntity request) {
        return new JoinRequestView(request.id(), request.groupId(), request.userId(), request.state(),
                request.message(), request.createdAt(), request.decidedAt(), request.decidedBy());
    }
}
