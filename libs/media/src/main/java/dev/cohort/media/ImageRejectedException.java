package dev.cohort.media;

/**
 * An uploaded image that will not be used, and why. Each reason is its own type, so a service can answer each as
 * the caller's mistake (INVALID_ARGUMENT with a field violation), never as a failure of its own.
 */
public abstract sealed class ImageRejectedException extends RuntimeException
        permits UnsupportedImageTypeException, ImageTooLargeException, UnreadableImageException {

    ImageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A stable, machine-readable reason, e.g. for {@code google.rpc.ErrorInfo}. */
    public abstract String reason();
}
