package dev.cohort.mailserver;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SMTP server inside this JVM: GreenMail, which accepts every message for any address and keeps it in a
 * mailbox per recipient (created on first delivery). Tests share one per JVM (the test kit's {@code TestMail}, a
 * fresh address per test); {@code ./cohort up} starts one on a fixed port and also writes each received message as
 * an {@code .eml} file into a folder, so mail survives restarts and a person can read it ({@code ./cohort mail}).
 *
 * <p>{@link #refuseNext(String, int)} makes the server answer the next deliveries to an address with SMTP 451 (a
 * transient failure, as a real relay under load would), so senders' retry paths are tested against the protocol
 * itself rather than a fake.
 */
public final class InJvmSmtp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InJvmSmtp.class);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final GreenMail greenMail;
    private final Optional<Path> keepIn;
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Object deliveries = new Object();

    private InJvmSmtp(GreenMail greenMail, Optional<Path> keepIn) {
        this.greenMail = greenMail;
        this.keepIn = keepIn;
    }

    /**
     * What the server is started with.
     *
     * @param port   TCP port on 127.0.0.1; 0 for a free one
     * @param keepIn a folder to write every received message into as {@code <time>-<n>-<recipient>.eml}; empty to
     *               keep messages in memory only
     */
    public record Settings(int port, Optional<Path> keepIn) {
        public Settings {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            keepIn = keepIn == null ? Optional.empty() : keepIn;
        }
    }

    /** Starts a server; it accepts connections when this returns. */
    public static InJvmSmtp start(Settings settings) {
        settings.keepIn().ifPresent(folder -> {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the mail folder " + folder, e);
            }
        });
        ServerSetup setup = new ServerSetup(settings.port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        GreenMail greenMail = new GreenMail(setup);
        InJvmSmtp server = new InJvmSmtp(greenMail, settings.keepIn());
        UserManager users = greenMail.getUserManager();
        users.setMessageDeliveryHandler((message, address) -> server.deliver(users, message.getMessage(), address));
        greenMail.start();
        log.info("SMTP server (GreenMail) on 127.0.0.1:{}{}", server.port(),
                settings.keepIn().map(folder -> ", keeping messages in " + folder).orElse(""));
        return server;
    }

    /** The SMTP port it listens on. */
    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    /** Where received messages are written, if anywhere. */
    public Optional<Path> folder() {
        return keepIn;
    }

    /** Messages received for {@code address} (case-insensitive), oldest first. */
    public List<MimeMessage> messagesTo(String address) {
        GreenMailUser user = greenMail.getUserManager().getUserByEmail(normalise(address));
        if (user == null) {
            return List.of();
        }
        return greenMail.findReceivedMessages(candidate -> candidate.getEmail().equalsIgnoreCase(user.getEmail()),
                message -> true).toList();
    }

    /** Every message received since start, oldest first. */
    public List<MimeMessage> allMessages() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    /**
     * Answers the next {@code times} deliveries to {@code address} with {@code 451 Requested action aborted}: the
     * message is not kept and the sender is told to try again later.
     */
    public void refuseNext(String address, int times) {
        refusals.computeIfAbsent(normalise(address), key -> new AtomicInteger()).addAndGet(times);
    }

    private GreenMailUser deliver(UserManager users, MimeMessage message, MailAddress address)
            throws MessagingException, UserException {
        String email = normalise(address.getEmail());
        AtomicInteger refusing = refusals.get(email);
        if (refusing != null && refusing.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            // GreenMail answers a failed delivery with 451 (transient): exactly the failure being asked for.
            throw new MessagingException("refusing delivery to " + email + " as asked (test of a transient failure)");
        }
        keepIn.ifPresent(folder -> write(folder, message, email));
        GreenMailUser user = users.getUserByEmail(email);
        return new Signalling(user != null ? user : users.createUser(email, email, email));
    }

    /**
     * Waits until {@code address} has received at least {@code count} messages and returns them all, or fails with
     * an {@link AssertionError} after {@code within}. Woken by each delivery, never polling.
     */
    public List<MimeMessage> awaitMessagesTo(String address, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (deliveries) {
            while (true) {
                List<MimeMessage> received = messagesTo(address);
                if (received.size() >= count) {
                    return received;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " message(s) to " + address + " within " + within
                            + ", got " + received.size());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(deliveries, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for mail", e);
                }
            }
        }
    }

    private void delivered() {
        synchronized (deliveries) {
            deliveries.notifyAll();
        }
    }

    /** The recipient's mailbox, telling waiters once a message is in it (GreenMail stores it after the handler). */
    private final class Signalling implements GreenMailUser {
        private final GreenMailUser user;

        Signalling(GreenMailUser user) {
            this.user = user;
        }

        @Override
        public void deliver(MovingMessage msg) {
            user.deliver(msg);
            delivered();
        }

        @Override
        public void deliver(MimeMessage msg) {
            user.deliver(msg);
            delivered();
        }

        @Override
        public String getEmail() {
            return user.getEmail();
        }

        @Override
        public String getLogin() {
            return user.getLogin();
        }

        @Override
        public void create() {
            user.create();
        }

        @Override
        public void delete() {
            user.delete();
        }

        @Override
        public String getPassword() {
            return user.getPassword();
        }

        @Override
        public void setPassword(String password) {
            user.setPassword(password);
        }

        @Override
        public void authenticate(String password) throws UserException {
            user.authenticate(password);
        }

        @Override
        public String getQualifiedMailboxName() {
            return user.getQualifiedMailboxName();
        }
    }

    private void write(Path folder, MimeMessage message, String recipient) {
        String name = FILE_TIME.format(Instant.now()) + "-" + sequence.incrementAndGet() + "-"
                + recipient.replaceAll("[^A-Za-z0-9@._-]", "_") + ".eml";
        Path temporary = folder.resolve("." + name + ".part");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            message.writeTo(out);
        } catch (IOException | MessagingException e) {
            // Keeping a copy is for people reading mail; the delivery itself (the mailbox) still succeeds.
            log.warn("Could not write a received message to {}: {}", folder, e.toString());
            return;
        }
        try {
            // Renamed into place, so a reader (./cohort mail) never sees half a message.
            Files.move(temporary, folder.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Could not move a received message into {}: {}", folder, e.toString());
        }
    }

    private static String normalise(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    @Override
    public String toString() {
        return "InJvmSmtp[127.0.0.1:" + port() + keepIn.map(folder -> " keeping " + folder).orElse("") + "]";
    }
}
