package dev.cohort.profile.app;

import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.NotFoundException;
import java.util.Map;
import java.util.UUID;

/** The errors every use case words the same way. */
final class ProfileErrors {

    static final String PROFILE_NOT_FOUND = "PROFILE_NOT_FOUND";
    static final String PROFILE_NOT_READY = "PROFILE_NOT_READY";

    private ProfileErrors() {
    }

    /**
     * The answer for a profile that does not exist and, identically (code, reason, message, metadata), for one the
     * caller may not see: a hidden profile is indistinguishable from a missing one (ADR 0024).
     */
    static NotFoundException notFound(UUID userId) {
        return new NotFoundException(PROFILE_NOT_FOUND, "no such profile: " + userId,
                Map.of("userId", userId.toString()));
    }

    /** The caller's own profile is not there yet: it is created from identity's event a moment after sign-up. */
    static FailedPreconditionException notReady() {
        return new FailedPreconditionException(PROFILE_NOT_READY,
                "your profile is being set up a moment after sign-up; try again shortly");
    }
}
