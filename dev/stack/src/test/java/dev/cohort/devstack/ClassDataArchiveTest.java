package dev.cohort.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which start makes the class data archive, and the dump it runs (ADR 85); the dump itself: ClassDataSharingIT. */
class ClassDataArchiveTest {

    private static final String JAR = "/stack/target/class-data-sharing/cohort-dev-stack.jar";

    @Test
    void aStartListingItsClassesWithAnArchiveNamedMakesThatArchiveFromThatList() {
        ClassDataArchive archive = ClassDataArchive.requested(
                List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:DumpLoadedClassList=/cds/classes.lst"),
                "/cds/stack.jsa", "/jdk", JAR).orElseThrow();

        assertThat(archive.command(Path.of("/cds/classes-1.lst"), Path.of("/cds/stack.jsa.1.partial")))
                .startsWith("sh", "-c")
                .containsSubsequence("/jdk/bin/java", "-Xshare:dump", "-XX:+UseSerialGC",
                        "-XX:SharedClassListFile=/cds/classes-1.lst", "-XX:SharedArchiveFile=/cds/stack.jsa.1.partial",
                        "-jar", JAR)
                .doesNotContain("-Xss512k", "-XX:DumpLoadedClassList=/cds/classes.lst");
    }

    @Test
    void theDumpIgnoresCtrlCRunsAtLowPriorityAndMovesOnlyACompleteArchiveIntoPlace() {
        ClassDataArchive archive = ClassDataArchive.requested(List.of("-XX:DumpLoadedClassList=/cds/classes.lst"),
                "/cds/stack.jsa", "/jdk", JAR).orElseThrow();

        String script = archive.command(Path.of("/l"), Path.of("/p")).get(2);

        assertThat(script).startsWith("trap '' INT HUP;").contains("set -- nice -n 19 \"$@\"",
                "\"$@\" && mv -f \"$COHORT_CDS_PARTIAL\" \"$COHORT_CDS_ARCHIVE\"");
    }

    @Test
    void startsWithoutTheListOrTheArchiveNamedOrFromAClassPathMakeNoArchive() {
        List<String> listing = List.of("-XX:DumpLoadedClassList=/cds/classes.lst");

        assertThat(ClassDataArchive.requested(List.of("-XX:+UseSerialGC"), "/cds/stack.jsa", "/jdk", JAR)).isEmpty();
        assertThat(ClassDataArchive.requested(listing, null, "/jdk", JAR)).isEmpty();
        assertThat(ClassDataArchive.requested(listing, " ", "/jdk", JAR)).isEmpty();
        // Tests and IDEs run the stack from a class path of many entries, not the one jar the archive is for.
        assertThat(ClassDataArchive.requested(listing, "/cds/stack.jsa", "/jdk",
                "/a/classes" + java.io.File.pathSeparator + "/b.jar")).isEmpty();
    }

    @Test
    void theListIsTakenUpToItsLastCompleteLine() {
        byte[] writing = "java/lang/Object id: 0\ndev/cohort/devstack/LocalStack\ndev/cohort/Half"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(new String(ClassDataArchive.completeLines(writing), StandardCharsets.UTF_8))
                .isEqualTo("java/lang/Object id: 0\ndev/cohort/devstack/LocalStack\n");
        assertThat(ClassDataArchive.completeLines("no newline yet".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
