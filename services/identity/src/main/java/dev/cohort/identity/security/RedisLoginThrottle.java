package dev.cohort.identity.security;

import dev.cohort.identity.config.IdentityProperties;
import dev.cohort.identity.domain.LoginThrottle;
import dev.cohort.identity.domain.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The sign-in throttle in Redis, shared by every identity replica (ADR 0020). Each counter is a hash
 * {@code {n: attempts, t: last attempt (ms)}} that expires {@code memory} after its last attempt; admitting and
 * counting happen in one script, so concurrent guesses cannot all slip through before any of them is counted.
 * Accounts and addresses appear in keys only as hashes.
 */
public final class RedisLoginThrottle implements LoginThrottle {

    /**
     * KEYS: pair, address, account, known-address marker. ARGV: now, memory, first delay, then free attempts and
     * longest delay for the pair, the address and the account. The account counter is skipped when the address
     * is known for the account. Returns the milliseconds to wait, or 0 when the attempt was admitted (and counted).
     */
    private static final String ADMIT = """
            local now = tonumber(ARGV[1])
            local memory = tonumber(ARGV[2])
            local first = tonumber(ARGV[3])
            local counters = 3
            if redis.call('EXISTS', KEYS[4]) == 1 then counters = 2 end
            local wait = 0
            for i = 1, counters do
              local state = redis.call('HMGET', KEYS[i], 'n', 't')
              local n = tonumber(state[1]) or 0
              local last = tonumber(state[2]) or 0
              local free = tonumber(ARGV[2 + 2 * i])
              if n >= free then
                local delay = math.min(tonumber(ARGV[3 + 2 * i]), first * 2 ^ (n - free))
                wait = math.max(wait, last + delay - now)
              end
            end
            if wait > 0 then return math.ceil(wait) end
            for i = 1, counters do
              redis.call('HINCRBY', KEYS[i], 'n', 1)
              redis.call('HSET', KEYS[i], 't', now)
              redis.call('PEXPIRE', KEYS[i], memory)
            end
            return 0
            """;

    /**
     * KEYS as for {@link #ADMIT}; ARGV: now. Moves the last attempt of the counters the attempt was counted in to
     * now: checking a password takes a while, and the delay should not already have run out when its answer comes.
     */
    private static final String FAILED = """
            local counters = 3
            if redis.call('EXISTS', KEYS[4]) == 1 then counters = 2 end
            for i = 1, counters do
              if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('HSET', KEYS[i], 't', ARGV[1]) end
            end
            return 0
            """;

    /**
     * KEYS as for {@link #ADMIT}; ARGV: how long the address stays known. Clears the pair, gives the address (and
     * the account, if the attempt counted there) back their attempt, and marks the address known.
     */
    private static final String SUCCEEDED = """
            redis.call('DEL', KEYS[1])
            local counters = 3
            if redis.call('EXISTS', KEYS[4]) == 1 then counters = 2 end
            for i = 2, counters do
              if (tonumber(redis.call('HGET', KEYS[i], 'n')) or 0) > 0 then
                redis.call('HINCRBY', KEYS[i], 'n', -1)
              end
            end
            redis.call('SET', KEYS[4], '1', 'PX', ARGV[1])
            return 0
            """;

    private final RedissonClient redis;
    private final IdentityProperties.LoginThrottle settings;
    private final Clock clock;

    public RedisLoginThrottle(RedissonClient redis, IdentityProperties.LoginThrottle settings, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.clock = clock;
    }

    // The time comes from the instant: the service's microsecond-tick clock cannot answer millis() (JDK-8332963).
    @Override
    public Optional<Duration> admit(String normalisedEmail, String clientAddress) {
        Long waitMillis = script().eval(RScript.Mode.READ_WRITE, ADMIT, RScript.ReturnType.LONG,
                keys(normalisedEmail, clientAddress), arguments(
                        clock.instant().toEpochMilli(), settings.memory().toMillis(), settings.firstDelay().toMillis(),
                        settings.freeAttemptsPerAccountAndAddress(), settings.maxDelay().toMillis(),
                        settings.freeAttemptsPerAddress(), settings.maxDelay().toMillis(),
                        settings.freeAttemptsPerAccount(), settings.maxAccountDelay().toMillis()));
        return waitMillis == null || waitMillis <= 0 ? Optional.empty() : Optional.of(Duration.ofMillis(waitMillis));
    }

    @Override
    public void failed(String normalisedEmail, String clientAddress) {
        script().eval(RScript.Mode.READ_WRITE, FAILED, RScript.ReturnType.LONG,
                keys(normalisedEmail, clientAddress), arguments(clock.instant().toEpochMilli()));
    }

    @Override
    public void succeeded(String normalisedEmail, String clientAddress) {
        script().eval(RScript.Mode.READ_WRITE, SUCCEEDED, RScript.ReturnType.LONG,
                keys(normalisedEmail, clientAddress), arguments(settings.knownAddressMemory().toMillis()));
    }

    private RScript script() {
        return redis.getScript(StringCodec.INSTANCE);
    }

    private static List<Object> keys(String normalisedEmail, String clientAddress) {
        String account = hashOf(normalisedEmail);
        String address = hashOf(clientAddress);
        return List.of(
                "identity:login:pair:" + account + ":" + address,
                "identity:login:address:" + address,
                "identity:login:account:" + account,
                "identity:login:known:" + account + ":" + address);
    }

    /** Script arguments travel as text (the script's codec). */
    private static Object[] arguments(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Long::toString).toArray();
    }

    private static String hashOf(String value) {
        return HexFormat.of().formatHex(Secrets.hash(value), 0, 16);
    }
}
