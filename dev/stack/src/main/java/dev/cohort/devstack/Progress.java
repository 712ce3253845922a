package dev.cohort.devstack;

import java.io.PrintStream;
import java.util.Locale;

/** Tells the person waiting what is starting, how long each part took, and why one failed. */
final class Progress {

    private final PrintStream out;
    private final int total;
    private int step;

    Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    <T> T step(String what, ThrowingSupplier<T> work) throws Exception {
        step++;
        String label = String.format(Locale.ROOT, "[%d/%d] %-28s", step, total, what);
        out.print(label);
        out.flush();
        long started = System.nanoTime();
        try {
            T result = work.get();
            out.printf(Locale.ROOT, " ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
            return result;
        } catch (Exception failure) {
            out.printf(Locale.ROOT, " FAILED: %s%n", rootMessage(failure));
            throw failure;
        }
    }

    void line(String text) {
        out.println(text);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
