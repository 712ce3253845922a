package dev.cohort.profile.app;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cohort.objectstore.ObjectStore;
import dev.cohort.profile.domain.StoredAvatar;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Avatar images as short-lived presigned GET URLs of the object store (ADR 0035). Presigning is a local HMAC, no
 * call to the store; a URL is still reused for half its validity (a Caffeine cache), so a batch of 100 profiles
 * costs a few lookups, and a browser sees the same URL (and hits its cache) across answers for a while. Every URL
 * handed out stays valid for at least half its validity.
 */
public class AvatarUrls {

    private static final int MOST_CACHED = 20_000;

    private final ObjectStore store;
    private final Duration validity;
    /** Signed URLs by object key, each dropped half its validity after it was signed (Caffeine, on the clock). */
    private final Cache<String, String> signed;

    public AvatarUrls(ObjectStore store, Duration validity, Clock clock) {
        this.store = store;
        this.validity = validity;
        Ticker onTheClock = () -> clock.millis() * 1_000_000L;
        this.signed = Caffeine.newBuilder().maximumSize(MOST_CACHED).expireAfterWrite(validity.dividedBy(2))
                .ticker(onTheClock).build();
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
        return signed.get(key, unsigned -> store.presignGet(unsigned, validity).url().toString());
    }
}
