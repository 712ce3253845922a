package dev.cohort.events.serde;

import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.identity.UserReinstated;
import dev.cohort.events.identity.UserRoleChanged;
import dev.cohort.events.identity.UserSuspended;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in instance of each identity event. */
final class SampleEvents {
    static final String USER = "0b9e3c1e-5d7a-4f3e-9a51-3c7f2a1d8e42";
    static final String ADMIN = "7f1d2c3b-4a59-4e68-8b7a-6c5d4e3f2a10";

    private SampleEvents() {
    }

    static EventMetadata metadata(String traceparent) {
        return EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(Instant.ofEpochMilli(1_767_225_600_123L))
                .setAggregateId(USER)
                .setProducer("identity")
                .setTraceparent(traceparent)
                .build();
    }

    static UserRegistered userRegistered() {
        return UserRegistered.newBuilder()
                .setMetadata(metadata("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .setUserId(USER)
                .setEmail("ada@example.org")
                .setDisplayName("Ada Lovelace")
                .setRoles(List.of("ROLE_STUDENT"))
                .build();
    }

    static List<SpecificRecord> all() {
        return List.of(
                userRegistered(),
                UserSuspended.newBuilder().setMetadata(metadata(null)).setUserId(USER)
                        .setReason("spam in study groups").setSuspendedBy(ADMIN).build(),
                UserReinstated.newBuilder().setMetadata(metadata(null)).setUserId(USER).setReinstatedBy(ADMIN).build(),
                UserRoleChanged.newBuilder().setMetadata(metadata("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"))
                        .setUserId(USER).setRoles(List.of("ROLE_STUDENT", "ROLE_INSTRUCTOR")).setChangedBy(ADMIN).build());
    }
}
