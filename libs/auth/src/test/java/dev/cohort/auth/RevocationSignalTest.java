package dev.cohort.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohort.testkit.TestRedis;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.NameMapper;

/** The revocation signal over a real Redis: what one client publishes, a listener on another client hears. */
class RevocationSignalTest {

    static RedissonClient publisherSide;
    static RedissonClient listenerSide;

    @BeforeAll
    static void connect() {
        String prefix = TestRedis.shared().newKeyPrefix("revocations");
        publisherSide = Redisson.create(config(prefix));
        listenerSide = Redisson.create(config(prefix));
    }

    @AfterAll
    static void disconnect() {
        publisherSide.shutdown();
        listenerSide.shutdown();
    }

    static Config config(String prefix) {
        Config config = new Config();
        config.useSingleServer().setAddress(TestRedis.shared().url())
                .setNameMapper(new NameMapper() { // this test's own topic, whatever other tests publish
                    @Override
                    public String map(String name) {
                        return prefix + name;
                    }

                    @Override
                    public String unmap(String name) {
                        return name.substring(prefix.length());
                    }
                });
        return config;
    }

    @Test
    void aListenerOnAnotherClientHearsEveryRevokedUserAfterItSubscribed() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(1);

        try (AutoCloseable listening = new RevocationSignal(listenerSide).listen(heard::add, subscribed::countDown)) {
            assertThat(subscribed.await(5, TimeUnit.SECONDS)).as("told when subscribed").isTrue();
            RevocationSignal publisher = new RevocationSignal(publisherSide);
            publisher.publish("user-1");
            publisher.publish("user-2");

            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("user-1");
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("user-2");
        }
    }
}
