package dev.cohort.chat.app;

import dev.cohort.chat.store.UserStore;
import dev.cohort.grpc.common.errors.FieldViolation;
import dev.cohort.grpc.common.errors.InvalidArgumentException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who exists, as far as chat knows: identity's registrations, applied by the events consumer. People are added to
 * conversations only if they are registered users (ADR 0024).
 */
public class KnownUsers {

    private final UserStore users;

    public KnownUsers(UserStore users) {
        this.users = users;
    }

    /** Records that {@code userId} registered (idempotent). */
    public void registered(UUID userId, Instant at) {
        users.add(userId, at);
    }

    /**
     * Throws INVALID_ARGUMENT (reason UNKNOWN_USER) with one field violation per id of {@code userIds} that is not
     * a registered user, {@code field[i]} naming its place in the request. {@code caller} is never refused: their
     * signed token shows they exist, even before their registration event has arrived. The request names them, the target of
     * the call (the conversation) exists, so NOT_FOUND would tell the caller the wrong thing went missing.
     */
    public void requireRegistered(String field, List<UUID> userIds, UUID caller) {
        Set<UUID> known = users.knownAmong(userIds);
        List<FieldViolation> unknown = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i++) {
            if (!known.contains(userIds.get(i)) && !userIds.get(i).equals(caller)) {
                unknown.add(new FieldViolation(field + "[" + i + "]", "no user " + userIds.get(i)));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidArgumentException("UNKNOWN_USER", unknown);
        }
    }
}
