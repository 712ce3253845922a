package dev.cohort.gateway.envoy;

import com.google.protobuf.util.Durations;
import dev.cohort.devgateway.RateLimits;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.envoyproxy.envoy.type.v3.TokenBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * envoy.yaml's local_ratelimit as Envoy applies it to one request: the {@code rate_limits} actions make the
 * request's descriptors, each descriptor takes the bucket of the first configured descriptor it fully matches (an
 * entry without a value matches any value: one bucket per distinct value), and the default bucket counts only
 * when no descriptor matched ({@code always_consume_default_token_bucket: false}). Only the actions the file uses
 * are understood; anything else fails the test rather than being guessed at.
 */
final class EnvoyRateLimits {

    /** Descriptor key of Envoy's {@code remote_address} action. */
    static final String ADDRESS = "remote_address";
    /** Descriptor key the file gives the token's subject. */
    static final String USER = "user";

    private record Entry(String key, String value) {
    }

    private final LocalRateLimit limit;

    EnvoyRateLimits(LocalRateLimit limit) {
        this.limit = limit;
    }

    /**
     * The buckets a request takes a token from.
     *
     * @param grpcPath the request's path after transcoding ({@code /package.Service/Method})
     * @param peer     the client's address
     * @param user     the verified token's subject; null without a valid token
     */
    List<RateLimits.TokenBucketSize> bucketsFor(String grpcPath, String peer, String user) {
        List<RateLimits.TokenBucketSize> buckets = new ArrayList<>();
        for (RateLimit rateLimit : limit.getRateLimitsList()) {
            descriptor(rateLimit, grpcPath, peer, user)
                    .flatMap(this::matchingDescriptor)
                    .ifPresent(matched -> buckets.add(size(matched.getTokenBucket())));
        }
        boolean alwaysDefault = !limit.hasAlwaysConsumeDefaultTokenBucket()
                || limit.getAlwaysConsumeDefaultTokenBucket().getValue();
        if (alwaysDefault || buckets.isEmpty()) {
            buckets.add(size(limit.getTokenBucket()));
        }
        return buckets;
    }

    /** The descriptor one rate_limits entry makes for the request; empty when one of its actions skips it. */
    private static Optional<List<Entry>> descriptor(RateLimit rateLimit, String grpcPath, String peer, String user) {
        List<Entry> entries = new ArrayList<>();
        for (RateLimit.Action action : rateLimit.getActionsList()) {
            switch (action.getActionSpecifierCase()) {
                case REMOTE_ADDRESS -> entries.add(new Entry(ADDRESS, peer));
                case METADATA -> {
                    if (user == null) {
                        if (action.getMetadata().getDefaultValue().isEmpty()) {
                            return Optional.empty();
                        }
                        entries.add(new Entry(action.getMetadata().getDescriptorKey(),
                                action.getMetadata().getDefaultValue()));
                    } else {
                        entries.add(new Entry(action.getMetadata().getDescriptorKey(), user));
                    }
                }
                case HEADER_VALUE_MATCH -> {
                    RateLimit.Action.HeaderValueMatch match = action.getHeaderValueMatch();
                    boolean expect = !match.hasExpectMatch() || match.getExpectMatch().getValue();
                    boolean matches = match.getHeadersList().stream().allMatch(h -> pathMatches(h, grpcPath));
                    if (matches != expect) {
                        return Optional.empty();
                    }
                    entries.add(new Entry(match.getDescriptorKey(), match.getDescriptorValue()));
                }
                default -> throw new AssertionError("the tests do not understand rate limit action " + action);
            }
        }
        return Optional.of(entries);
    }

    private Optional<LocalRateLimitDescriptor> matchingDescriptor(List<Entry> request) {
        return limit.getDescriptorsList().stream().filter(configured -> matches(configured, request)).findFirst();
    }

    private static boolean matches(LocalRateLimitDescriptor configured, List<Entry> request) {
        List<RateLimitDescriptor.Entry> entries = configured.getEntriesList();
        if (entries.size() != request.size()) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            RateLimitDescriptor.Entry entry = entries.get(i);
            if (!entry.getKey().equals(request.get(i).key())
                    || !(entry.getValue().isEmpty() || entry.getValue().equals(request.get(i).value()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean pathMatches(HeaderMatcher header, String grpcPath) {
        if (!header.getName().equals(":path") || header.getInvertMatch()
                || header.getStringMatch().getMatchPatternCase() != StringMatcher.MatchPatternCase.EXACT) {
            throw new AssertionError("the tests do not understand header match " + header);
        }
        return header.getStringMatch().getExact().equals(grpcPath);
    }

    static RateLimits.TokenBucketSize size(TokenBucket bucket) {
        long perFill = bucket.hasTokensPerFill() ? bucket.getTokensPerFill().getValue() : 1;
        return new RateLimits.TokenBucketSize(bucket.getMaxTokens(), perFill,
                Duration.ofMillis(Durations.toMillis(bucket.getFillInterval())));
    }
}
