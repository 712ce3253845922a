package dev.cohort.auth;

import dev.cohort.grpc.common.errors.UnauthenticatedException;

/** The presented access token cannot be trusted; the reason says why (for logs and clients alike). */
public class InvalidAccessTokenException extends UnauthenticatedException {

    public InvalidAccessTokenException(String reason, String message) {
        super(reason, message);
    }
}
