package dev.cohort.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One shutdown hook for everything the test kit made. JVM shutdown hooks run concurrently and
 * in no set order, so a single hook keeps the order that matters: test data (databases, keys)
 * goes first, while its servers still run; servers stop last, newest first.
 */
final class JvmCleanup {
    private static final List<Runnable> DATA = new ArrayList<>();
    private static final Deque<Runnable> SERVERS = new ArrayDeque<>();
    private static boolean hookInstalled;

    private JvmCleanup() {
    }

    /** Runs at JVM exit, before any server stops. */
    static synchronized void removeDataAtExit(String what, Runnable action) {
        installHook();
        DATA.add(named(what, action));
    }

    /** Runs at JVM exit, after all data clean-up. */
    static synchronized void stopServerAtExit(String what, Runnable action) {
        installHook();
        SERVERS.push(named(what, action));
    }

    private static void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(JvmCleanup::runAll, "cohort-test-kit-cleanup"));
            hookInstalled = true;
        }
    }

    private static synchronized void runAll() {
        DATA.forEach(Runnable::run);
        SERVERS.forEach(Runnable::run);
    }

    private static Runnable named(String what, Runnable action) {
        return () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                // A failed clean-up must not hide the others; the JVM is exiting anyway.
                System.err.println("[cohort-test-kit] clean-up failed: " + what + ": " + e);
            }
        };
    }
}
