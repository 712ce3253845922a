package dev.cohort.identity.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rules of signing-key rotation, free of storage: a key is <em>pending</em> until its activation time (it is
 * already published, so verifiers learn it before it signs anything), <em>signing</em> from then until a newer key
 * activates, and <em>superseded</em> afterwards; a superseded key stays published for {@code tokenLifetime} after
 * its successor took over, because tokens it signed are valid that long. Then it can be forgotten.
 */
public final class KeyTimeline {

    /** One key's schedule. */
    public record Key(String kid, Instant createdAt, Instant activateAt) {
    }

    private final List<Key> newestFirst;
    private final Duration tokenLifetime;

    public KeyTimeline(List<Key> keys, Duration tokenLifetime) {
        this.newestFirst = keys.stream().sorted(Comparator.comparing(Key::activateAt).reversed()).toList();
        this.tokenLifetime = tokenLifetime;
    }

    /** The key that signs at {@code now}: the most recently activated one. */
    public Optional<Key> signingAt(Instant now) {
        return newestFirst.stream().filter(key -> !key.activateAt().isAfter(now)).findFirst();
    }

    /** Keys verifiers must know at {@code now}: pending, signing, and superseded ones whose tokens may live. */
    public List<Key> publishedAt(Instant now) {
        List<Key> published = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            Key key = newestFirst.get(i);
            Instant supersededAt = i == 0 ? null : newestFirst.get(i - 1).activateAt();
            boolean superseded = supersededAt != null && !supersededAt.isAfter(now);
            if (!superseded || supersededAt.plus(tokenLifetime).isAfter(now)) {
                published.add(key);
            }
        }
        return published;
    }

    /** Keys no verifier needs any more. */
    public List<Key> forgottenAt(Instant now) {
        List<Key> published = publishedAt(now);
        return newestFirst.stream().filter(key -> !published.contains(key)).toList();
    }

    /** A new key is due when there is none, or the newest one (pending or not) is older than the period. */
    public boolean rotationDueAt(Instant now, Duration rotationPeriod) {
        return newestFirst.stream().map(Key::createdAt).max(Comparator.naturalOrder())
                .map(newest -> !newest.plus(rotationPeriod).isAfter(now))
                .orElse(true);
    }
}
