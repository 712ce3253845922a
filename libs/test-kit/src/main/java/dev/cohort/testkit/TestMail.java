package dev.cohort.testkit;

import dev.cohort.mailserver.InJvmSmtp;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SMTP server for tests, one per JVM: GreenMail (from Maven Central) inside the JVM on a free port, keeping
 * what it receives in memory. Like {@link TestObjectStore} there is no local or container mode: the server is a
 * library and starts the same everywhere, in milliseconds.
 *
 * <p>Tests never share a mailbox: each asks for its own {@link #newAddress(String) address} and reads only the
 * messages sent to it.
 */
public final class TestMail {
    private static final Logger log = LoggerFactory.getLogger(TestMail.class);

    private static final Lazy<TestMail> SHARED = new Lazy<>(TestMail::start);

    /** The domain of every {@link #newAddress(String) test address}; reserved for testing (RFC 2606). */
    public static final String DOMAIN = "mail.cohort.test";

    private final InJvmSmtp server;
    private final Set<String> addresses = ConcurrentHashMap.newKeySet();

    private TestMail(InJvmSmtp server) {
        this.server = server;
    }

    /** The SMTP server of this JVM, started on first use. */
    public static TestMail shared() {
        return SHARED.get();
    }

    /** {@code 127.0.0.1}: for {@code cohort.mail.host}. */
    public String host() {
        return server.host();
    }

    /** For {@code cohort.mail.port}. */
    public int port() {
        return server.port();
    }

    /** A mailbox nobody else uses: {@code <hint>-<8 hex>@mail.cohort.test}. */
    public String newAddress(String hint) {
        String address;
        do {
            address = Names.forBucket(hint, 40) + "-" + Names.randomHex8() + "@" + DOMAIN;
        } while (!addresses.add(address));
        return address;
    }

    /** What {@code address} has received so far, oldest first. */
    public List<MimeMessage> messagesTo(String address) {
        return server.messagesTo(address);
    }

    /**
     * Waits until {@code address} has received at least {@code count} messages and returns them all; fails after
     * {@code within}. Woken by each delivery (a delivery is complete once the server has answered 250).
     */
    public List<MimeMessage> awaitMessages(String address, int count, Duration within) {
        return server.awaitMessagesTo(address, count, within);
    }

    /** Answers the next {@code times} deliveries to {@code address} with SMTP 451 (a transient failure). */
    public void refuseNext(String address, int times) {
        server.refuseNext(address, times);
    }

    private static TestMail start() {
        InJvmSmtp server = InJvmSmtp.start(new InJvmSmtp.Settings(0, Optional.empty()));
        JvmCleanup.stopServerAtExit("stop the test SMTP server", server::close);
        log.info("Cohort test kit: SMTP server (GreenMail) on {}:{}", server.host(), server.port());
        return new TestMail(server);
    }

    @Override
    public String toString() {
        return "TestMail[" + server + "]";
    }
}
