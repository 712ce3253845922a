package dev.cohort.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.notification.domain.NotificationKind;
import dev.cohort.notification.domain.UnsubscribeTokens;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UnsubscribeTokensTest {

    private final UnsubscribeTokens tokens = new UnsubscribeTokens(new byte[32]);

    @Test
    void aTokenGrantsExactlyThePersonAndKindItWasMadeFor() {
        UUID user = UUID.randomUUID();
        String token = tokens.issue(user, NotificationKind.MENTION);
        assertThat(tokens.verify(token)).contains(new UnsubscribeTokens.Grant(user, NotificationKind.MENTION));
    }

    @Test
    void anAlteredTokenOrOneSignedWithAnotherKeyGrantsNothing() {
        UUID user = UUID.randomUUID();
        byte[] bytes = Base64.getUrlDecoder().decode(tokens.issue(user, NotificationKind.MENTION));
        bytes[17] = (byte) NotificationKind.NEW_FOLLOWER.ordinal(); // another kind, same signature
        assertThat(tokens.verify(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))).isEmpty();

        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        String foreign = new UnsubscribeTokens(otherKey).issue(user, NotificationKind.MENTION);
        assertThat(tokens.verify(foreign)).isEmpty();
        assertThat(tokens.verify("not base64 !")).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
    }
}
