package dev.cohort.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The class data archive that later starts of the stack map instead of loading their classes again (ADR 85).
 *
 * <p>{@code ./cohort up} runs the first start after a build with {@code -XX:DumpLoadedClassList} (the JVM writes the
 * name of each class as it loads it, about a second of a start at most) and names the archive to make in
 * {@value #ARCHIVE_PROPERTY}. Once that start is up, {@link #makeInBackground} takes the list as it stands and has a
 * separate JVM, at the lowest CPU priority, dump a static archive from it ({@code -Xshare:dump}), written under
 * a temporary name and moved into place only when complete. That JVM ignores Ctrl-C and outlives the stack, so stopping
 * the stack early does not lose the archive; {@code ./cohort up} checks an archive before it uses one.
 */
final class ClassDataArchive {

    /** The system property naming the archive to make; set by {@code ./cohort up} on the first start after a build. */
    static final String ARCHIVE_PROPERTY = "cohort.class-data-sharing.archive";

    private static final String CLASS_LIST_OPTION = "-XX:DumpLoadedClassList=";

    /**
     * Ignores the terminal's Ctrl-C and hang-up (an ignored signal stays ignored in the programs it starts, the JVM
     * included), dumps at the lowest priority (where {@code nice} exists), and moves the archive into place only when
     * the dump succeeded.
     */
    private static final String DUMP_SCRIPT = "trap '' INT HUP;"
            + " if command -v nice >/dev/null 2>&1; then set -- nice -n 19 \"$@\"; fi;"
            + " \"$@\" && mv -f \"$COHORT_CDS_PARTIAL\" \"$COHORT_CDS_ARCHIVE\"; status=$?;"
            + " rm -f \"$COHORT_CDS_PARTIAL\" \"$COHORT_CDS_CLASS_LIST\"; exit $status";

    private final Path launcher;
    private final Path jar;
    private final Path classList;
    private final Path archive;
    private final List<String> collectorOptions;

    ClassDataArchive(Path launcher, Path jar, Path classList, Path archive, List<String> collectorOptions) {
        this.launcher = launcher;
        this.jar = jar;
        this.classList = classList;
        this.archive = archive;
        this.collectorOptions = List.copyOf(collectorOptions);
    }

    /** What this JVM was asked to make, if it is a first start after a build (both the list and the archive named). */
    static Optional<ClassDataArchive> requestedOfThisJvm() {
        return requested(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty(ARCHIVE_PROPERTY), System.getProperty("java.home"),
                System.getProperty("java.class.path"));
    }

    static Optional<ClassDataArchive> requested(List<String> jvmArguments, String archive, String javaHome,
                                                String classPath) {
        Optional<String> classList = jvmArguments.stream()
                .filter(argument -> argument.startsWith(CLASS_LIST_OPTION))
                .map(argument -> argument.substring(CLASS_LIST_OPTION.length()))
                .findFirst();
        if (classList.isEmpty() || archive == null || archive.isBlank() || classPath == null
                || classPath.contains(java.io.File.pathSeparator)) {
            return Optional.empty(); // the archive must be dumped with the one jar the starts run (-jar)
        }
        // The dump needs no heap settings of the start; its collector is kept so that the dump matches the runs.
        List<String> collector = jvmArguments.stream()
                .filter(argument -> argument.startsWith("-XX:+Use") && argument.endsWith("GC"))
                .toList();
        return Optional.of(new ClassDataArchive(Path.of(javaHome, "bin", "java"), Path.of(classPath),
                Path.of(classList.get()), Path.of(archive), collector));
    }

    /**
     * Starts the dump from the classes loaded so far and returns without waiting for it; its output goes to
     * {@code log}. The process is returned for tests; the stack does not wait for it.
     */
    Process makeInBackground(Path log) throws IOException {
        long id = ProcessHandle.current().pid();
        Path snapshot = archive.resolveSibling("classes-" + id + ".lst");
        Path partial = archive.resolveSibling(archive.getFileName() + "." + id + ".partial");
        Files.write(snapshot, completeLines(Files.readAllBytes(classList)));
        ProcessBuilder dump = new ProcessBuilder(command(snapshot, partial))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        dump.environment().put("COHORT_CDS_PARTIAL", partial.toString());
        dump.environment().put("COHORT_CDS_ARCHIVE", archive.toString());
        dump.environment().put("COHORT_CDS_CLASS_LIST", snapshot.toString());
        return dump.start();
    }

    List<String> command(Path snapshot, Path partial) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", DUMP_SCRIPT, "class-data-archive",
                launcher.toString(), "-Xshare:dump"));
        command.addAll(collectorOptions);
        command.addAll(List.of("-XX:SharedClassListFile=" + snapshot, "-XX:SharedArchiveFile=" + partial,
                "-jar", jar.toString()));
        return command;
    }

    /** The list as written so far, up to its last complete line (the JVM may be writing one now). */
    static byte[] completeLines(byte[] list) {
        int end = list.length;
        while (end > 0 && list[end - 1] != '\n') {
            end--;
        }
        return java.util.Arrays.copyOf(list, end);
    }
}
