package dev.cohort.media;

/** It starts like a supported image but cannot be decoded: truncated, corrupt, or a variant the decoder lacks. */
public final class UnreadableImageException extends ImageRejectedException {

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String reason() {
        return "UNREADABLE_IMAGE";
    }
}
