package dev.cohort.bench.chat;

import dev.cohort.testkit.auth.TestAccessTokens;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Access tokens for the benchmark's users, from the issuer the service trusts (its JWK Set is the service's key
 * source). Tokens live 10 minutes; each is minted again after {@link #RENEW_AFTER}, so unary calls of a long run
 * keep working, and every stream opens with a fresh one.
 */
final class BearerTokens {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Duration RENEW_AFTER = Duration.ofMinutes(4);

    private final TestAccessTokens issuer;
    private final Map<UUID, Minted> minted = new ConcurrentHashMap<>();

    BearerTokens(TestAccessTokens issuer) {
        this.issuer = issuer;
    }

    String token(UUID user) {
        long now = System.nanoTime();
        return minted.compute(user, (id, current) -> current != null && now - current.at < RENEW_AFTER.toNanos()
                ? current : new Minted(issuer.token(id.toString(), "STUDENT"), now)).token;
    }

    /** Call credentials presenting {@code user}'s current token. */
    CallCredentials of(UUID user) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                headers.put(AUTHORIZATION, "Bearer " + token(user));
                applier.apply(headers);
            }
        };
    }

    /** Mints every user's token now (outside any measured window). */
    void renewAll(Iterable<UUID> users) {
        for (UUID user : users) {
            minted.put(user, new Minted(issuer.token(user.toString(), "STUDENT"), System.nanoTime()));
        }
    }

    private record Minted(String token, long at) {
    }
}
