package dev.cohort.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The jar {@code ./cohort up} runs, as packaged (runs in {@code verify}, after {@code package}): every service's
 * main class is in it, and every compile or runtime dependency that our own modules declare is among its
 * {@code BOOT-INF/lib} jars. The stack's own resolved classpath cannot show a missing one: a test-scoped
 * declaration in this module once overrode profile's compile dependency on libs/object-store, Maven resolved the
 * stack without it, every test passed, and profile failed to start. So this reads what each of our module jars
 * declares (the {@code pom.xml} Maven puts in it) and looks for it in the packaged jar.
 */
class PackagedStackJarIT {

    /** What {@code LocalStack} starts: each service's application class, in its module's jar. */
    private static final Map<String, String> SERVICE_MAIN_CLASSES = Map.of(
            "cohort-identity", "dev.cohort.identity.IdentityApplication",
            "cohort-profile", "dev.cohort.profile.ProfileApplication",
            "cohort-course", "dev.cohort.course.CourseApplication",
            "cohort-group", "dev.cohort.group.GroupApplication",
            "cohort-chat", "dev.cohort.chat.ChatApplication");
    private static final String OUR_GROUP = "dev.cohort";
    private static final String LIB = "BOOT-INF/lib/";

    private static Path jar;
    /** Names of the jars under BOOT-INF/lib, without the folder. */
    private static final List<String> libs = new ArrayList<>();

    @BeforeAll
    static void findJar() throws IOException {
        String location = System.getProperty("cohort.stack.jar");
        assertThat(location).as("system property cohort.stack.jar (set by dev/stack/pom.xml)").isNotBlank();
        jar = Path.of(location);
        assertThat(jar).as("the packaged stack jar; run `package` first").isRegularFile();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith(LIB) && name.endsWith(".jar"))
                    .forEach(name -> libs.add(name.substring(LIB.length())));
        }
    }

    @Test
    void startsTheLocalStackAndCarriesItsClasses() throws IOException {
        try (JarFile packaged = new JarFile(jar.toFile())) {
            Manifest manifest = packaged.getManifest();
            String start = manifest.getMainAttributes().getValue("Start-Class");
            assertThat(start).as("Start-Class of " + jar).isEqualTo(LocalStack.class.getName());
            assertThat(packaged.getEntry("BOOT-INF/classes/" + start.replace('.', '/') + ".class"))
                    .as(start + " in BOOT-INF/classes").isNotNull();
        }
    }

    @Test
    void everyServiceMainClassIsPackaged() throws IOException {
        List<String> missing = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Map.Entry<String, String> service : SERVICE_MAIN_CLASSES.entrySet()) {
                String lib = libOf(service.getKey());
                if (lib == null) {
                    missing.add(service.getKey() + ": no " + service.getKey() + "-*.jar in " + LIB);
                    continue;
                }
                String classEntry = service.getValue().replace('.', '/') + ".class";
                if (!nestedEntries(zip, lib).containsKey(classEntry)) {
                    missing.add(service.getKey() + ": " + lib + " has no " + service.getValue());
                }
            }
        }
        assertThat(missing).as("services `./cohort up` could not start from " + jar).isEmpty();
    }

    /**
     * Starting from the stack's own declared dependencies, every module of ours found in the jar is opened and
     * each compile or runtime dependency its pom declares must be a jar under BOOT-INF/lib.
     */
    @Test
    void everyDependencyOurModulesDeclareIsPackaged() throws Exception {
        List<String> missing = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        Deque<String> modules = new ArrayDeque<>();
        int checked = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            byte[] stackPom = zip.getInputStream(zip.getEntry("META-INF/maven/dev.cohort/cohort-dev-stack/pom.xml"))
                    .readAllBytes();
            for (Dependency dependency : runtimeDependencies(stackPom, OUR_GROUP)) {
                checked += check("cohort-dev-stack", dependency, missing, modules);
            }
            while (!modules.isEmpty()) {
                String module = modules.pop();
                if (!visited.add(module)) {
                    continue;
                }
                String lib = libOf(module);
                Map<String, byte[]> poms = nestedEntries(zip, lib);
                byte[] pom = poms.get("META-INF/maven/" + OUR_GROUP + "/" + module + "/pom.xml");
                if (pom == null) {
                    missing.add(module + ": " + lib + " has no META-INF/maven pom.xml to read its dependencies from");
                    continue;
                }
                for (Dependency dependency : runtimeDependencies(pom, OUR_GROUP)) {
                    checked += check(module, dependency, missing, modules);
                }
            }
        }
        assertThat(visited).as("our modules found in the stack jar").containsAll(SERVICE_MAIN_CLASSES.keySet());
        assertThat(checked).as("dependencies checked").isGreaterThan(50);
        assertThat(missing)
                .as("dependencies our modules declare (compile/runtime) that the packaged stack jar " + jar
                        + " lacks; a test- or provided-scoped declaration of one of them in dev/stack/pom.xml "
                        + "overrides the module's own and drops it from the jar")
                .isEmpty();
    }

    private static int check(String module, Dependency dependency, List<String> missing, Deque<String> modules) {
        if (isBootStarter(dependency)) {
            // A starter holds no classes, only dependencies; the repackager leaves such jars out on purpose
            // (Spring-Boot-Jar-Type: dependencies-starter). Its own dependencies are not checked here.
            return 0;
        }
        String lib = libOf(dependency.artifactId());
        if (lib == null) {
            missing.add(module + " needs " + dependency + ", but " + LIB + " has no " + dependency.artifactId()
                    + "-<version>.jar");
        } else if (OUR_GROUP.equals(dependency.groupId())) {
            modules.push(dependency.artifactId());
        }
        return 1;
    }

    private static boolean isBootStarter(Dependency dependency) {
        return "org.springframework.boot".equals(dependency.groupId())
                && dependency.artifactId().startsWith("spring-boot-starter");
    }

    /** The jar of {@code artifactId} under BOOT-INF/lib ({@code artifactId-<version>[-classifier].jar}), or null. */
    private static String libOf(String artifactId) {
        for (String lib : libs) {
            if (lib.startsWith(artifactId + "-") && lib.length() > artifactId.length() + 1
                    && Character.isDigit(lib.charAt(artifactId.length() + 1))) {
                return lib;
            }
        }
        return null;
    }

    /** The {@code .class} and {@code META-INF/maven} entries of a jar nested in the packaged one, by name. */
    private static Map<String, byte[]> nestedEntries(ZipFile zip, String lib) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream raw = zip.getInputStream(zip.getEntry(LIB + lib));
             ZipInputStream nested = new ZipInputStream(raw)) {
            for (ZipEntry entry = nested.getNextEntry(); entry != null; entry = nested.getNextEntry()) {
                if (entry.getName().startsWith("META-INF/maven/")) {
                    entries.put(entry.getName(), nested.readAllBytes());
                } else if (entry.getName().endsWith(".class")) {
                    entries.put(entry.getName(), new byte[0]);
                }
            }
        }
        return entries;
    }

    /** A dependency a pom declares; {@code groupId} null when it is a property this check does not resolve. */
    private record Dependency(String groupId, String artifactId, String scope) {
        @Override
        public String toString() {
            return (groupId == null ? "?" : groupId) + ":" + artifactId + " (" + scope + ")";
        }
    }

    /**
     * The pom's own {@code <dependencies>} (not its dependency management) that end up on the runtime classpath:
     * compile (the default) or runtime scope, not optional, not a pom import.
     */
    private static List<Dependency> runtimeDependencies(byte[] pom, String ownGroup) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(pom));
        List<Dependency> found = new ArrayList<>();
        Element dependencies = child(document.getDocumentElement(), "dependencies");
        if (dependencies == null) {
            return found;
        }
        NodeList nodes = dependencies.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (!(nodes.item(i) instanceof Element dependency) || !"dependency".equals(dependency.getTagName())) {
                continue;
            }
            String scope = text(dependency, "scope", "compile");
            String type = text(dependency, "type", "jar");
            boolean optional = Boolean.parseBoolean(text(dependency, "optional", "false"));
            if (optional || !"jar".equals(type) || !(scope.equals("compile") || scope.equals("runtime"))) {
                continue;
            }
            String groupId = text(dependency, "groupId", null);
            if ("${project.groupId}".equals(groupId) || "${project.parent.groupId}".equals(groupId)) {
                groupId = ownGroup;
            } else if (groupId != null && groupId.contains("${")) {
                groupId = null;
            }
            found.add(new Dependency(groupId, text(dependency, "artifactId", null), scope));
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getTagName())) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name, String fallback) {
        Element element = child(parent, name);
        return element == null ? fallback : element.getTextContent().trim();
    }
}
