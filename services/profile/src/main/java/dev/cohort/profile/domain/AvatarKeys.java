package dev.cohort.profile.domain;

import java.util.UUID;

/**
 * Where avatars live in the object store. An upload waits under {@code avatar-uploads/<user>/<upload>} until it is
 * confirmed; the re-encoded images go under {@code avatars/<user>/<version>/<size>.<jpg|png>}, a new version for
 * every new picture, so the keys are immutable and may be cached for ever.
 */
public final class AvatarKeys {

    private AvatarKeys() {
    }

    public static String upload(UUID owner, UUID uploadId) {
        return "avatar-uploads/" + owner + "/" + uploadId;
    }

    public static String image(UUID owner, UUID version, int size, String extension) {
        return "avatars/" + owner + "/" + version + "/" + size + "." + extension;
    }
}
