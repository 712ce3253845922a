package dev.cohort.devstack;

import java.nio.file.Path;

/**
 * A stand-in for a stack JVM that is about to die hard: claims the home given as the first argument, starts the
 * embedded PostgreSQL and Redis (ports in the second and third) the way the stack does, says READY and waits to be
 * killed. Run by {@link StackAfterCrashTest} as a child JVM.
 */
public final class EmbeddedServersChild {

    private EmbeddedServersChild() {
    }

    public static void main(String[] args) throws Exception {
        StackSettings settings = StackAfterCrashTest.settings(Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        ProcessRecords records = new ProcessRecords(settings.runDir());
        records.claim();
        EmbeddedPostgres.start(settings, records);
        EmbeddedRedis.start(settings, records);
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}
