package dev.cohort.profile.app;

import dev.cohort.objectstore.ObjectStore;
import dev.cohort.profile.domain.StoredAvatar;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avatar images as short-lived presigned GET URLs of the object store (ADR 0035). Presigning is a local HMAC, no
 * call to the store; a URL is still reused for half its validity, so a batch of 100 profiles costs a few map
 * lookups, and a browser sees the same URL (and hits its cache) across answers for a while. Every URL handed out
 * stays valid for at least {@code reuse}.
 */
public class AvatarUrls {

    private static final int MOST_CACHED = 20_000;

    private final ObjectStore store;
    private final Duration validity;
    private final Duration reuse;
    private final Clock clock;
    private final ConcurrentHashMap<String, Signed> signed = new ConcurrentHashMap<>();

    public AvatarUrls(ObjectStore store, Duration validity, Clock clock) {
        this.store = store;
        this.validity = validity;
        this.reuse = validity.dividedBy(2);
        this.clock = clock;
    }

    /** The URLs of {@code avatar}'s sizes, or null when there is none. */
    public ProfileView.AvatarView of(UUID owner, StoredAvatar avatar) {
        if (avatar == null) {
            return null;
        }
        return new ProfileView.AvatarView(url(avatar.key(owner, 32)), url(avatar.key(owner, 64)),
                url(avatar.key(owner, 128)), url(avatar.key(owner, 256)), avatar.updatedAt());
    }

    private String url(String key) {
        Instant now = clock.instant();
        Signed cached = signed.get(key);
        if (cached != null && now.isBefore(cached.reuseUntil())) {
            return cached.url();
        }
        if (signed.size() > MOST_CACHED) {
            signed.values().removeIf(entry -> !now.isBefore(entry.reuseUntil()));
            if (signed.size() > MOST_CACHED) {
                signed.clear();
            }
        }
        Signed fresh = new Signed(store.presignGet(key, validity).url().toString(), now.plus(reuse));
        signed.put(key, fresh);
        return fresh.url();
    }

    private record Signed(String url, Instant reuseUntil) {
    }
}
