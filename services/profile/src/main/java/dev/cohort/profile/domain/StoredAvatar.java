package dev.cohort.profile.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * The avatar a profile has: which version of its images, their file extension ({@code jpg} or {@code png}), and
 * when it was set.
 */
public record StoredAvatar(UUID version, String extension, Instant updatedAt) {

    /** The sizes every avatar is stored in, in pixels. */
    public static final int[] SIZES = {32, 64, 128, 256};

    public String key(UUID owner, int size) {
        return AvatarKeys.image(owner, version, size, extension);
    }
}
