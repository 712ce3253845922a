package dev.cohort.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohort.grpc.common.errors.UnauthenticatedException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void readsAUuidSubjectAsTheUserId() {
        UUID id = UUID.randomUUID();

        assertThat(caller(id.toString()).userUuid()).isEqualTo(id);
        assertThat(caller(id.toString().toUpperCase()).userUuid()).isEqualTo(id);
    }

    @Test
    void answersUnauthenticatedForASubjectThatIsNoUserId() {
        for (String subject : new String[] {"alice", "", "1-2-3-4-5", "00000000-0000-0000-0000-00000000000g",
                UUID.randomUUID() + "x"}) {
            assertThatThrownBy(() -> caller(subject).userUuid()).as(subject)
                    .isInstanceOfSatisfying(UnauthenticatedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Caller.INVALID_SUBJECT));
        }
    }

    @Test
    void answersUnauthenticatedWithoutACaller() {
        assertThatThrownBy(Caller::requireUserUuid).isInstanceOf(UnauthenticatedException.class);
    }

    private static Caller caller(String subject) {
        return new Caller(subject, Set.of(), "jti", "sid", Instant.now().plusSeconds(60), "token", true);
    }
}
