package dev.cohort.deploy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every service-to-service gRPC call in the compiled code: calls of RPC methods on another service's generated
 * stubs ({@code dev.cohort.<domain>.v1.<Name>Grpc.<Name>BlockingStub} and its async/future variants), found with
 * ArchUnit in the classes of each service module and of every libs/ module the service depends on (a call in
 * libs/auth is made by every service that uses libs/auth). A service calling its own stubs (course's demo catalog
 * import, a client tool) is not a call between services.
 */
final class GrpcCalls {

    /** One RPC one service's code calls on another. */
    record Call(String caller, String callee, String grpcService, String method) implements Comparable<Call> {
        @Override
        public int compareTo(Call other) {
            return toString().compareTo(other.toString());
        }
    }

    private static final Pattern STUB = Pattern.compile(
            "dev\\.cohort\\.([a-z]+)\\.v1\\.([A-Za-z]+)Grpc\\$\\2(Blocking|BlockingV2|Future)?Stub");

    private GrpcCalls() {
    }

    static SortedSet<Call> scan(Path repoRoot, Contracts contracts) {
        Map<String, Path> modulesByArtifact = modulesByArtifact(repoRoot);
        Map<Path, Set<Path>> dependencies = new HashMap<>();
        modulesByArtifact.values().forEach(module -> dependencies.put(module, cohortDependencies(module, modulesByArtifact)));

        // Only the modules some service runs with (its own and the libs it depends on, transitively).
        Set<Path> reachable = new HashSet<>();
        for (String service : ServiceCode.modules()) {
            reachable.addAll(closure(repoRoot.resolve("services").resolve(service), dependencies));
        }
        Map<Path, Set<RawCall>> callsByModule = new HashMap<>();
        for (Path module : reachable) {
            Path classes = module.resolve("target/classes");
            if (Files.isDirectory(classes)) {
                callsByModule.put(module, stubCalls(new ClassFileImporter().importPath(classes), contracts));
            }
        }

        TreeSet<Call> calls = new TreeSet<>();
        for (String service : ServiceCode.modules()) {
            Path module = repoRoot.resolve("services").resolve(service);
            if (!callsByModule.containsKey(module)) {
                throw new AssertionError("services/" + service + " has no target/classes: build it first");
            }
            for (Path reached : closure(module, dependencies)) {
                for (RawCall raw : callsByModule.getOrDefault(reached, Set.of())) {
                    if (!raw.domain().equals(service)) {
                        calls.add(new Call(service, raw.domain(), raw.grpcService(), raw.method()));
                    }
                }
            }
        }
        return calls;
    }

    private record RawCall(String domain, String grpcService, String method) {
    }

    private static Set<RawCall> stubCalls(JavaClasses classes, Contracts contracts) {
        Set<RawCall> found = new HashSet<>();
        for (JavaClass javaClass : classes) {
            for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
                Matcher stub = STUB.matcher(call.getTargetOwner().getName());
                if (!stub.matches()) {
                    continue;
                }
                String grpcService = "cohort." + stub.group(1) + ".v1." + stub.group(2);
                String invoked = call.getName();
                // Stub methods are the RPCs in lowerCamelCase; withDeadlineAfter & co. are not calls.
                contracts.service(grpcService).methods().keySet().stream()
                        .filter(rpc -> lowerCamel(rpc).equals(invoked))
                        .findFirst()
                        .ifPresent(rpc -> found.add(new RawCall(stub.group(1), grpcService, rpc)));
            }
        }
        return found;
    }

    private static String lowerCamel(String rpc) {
        return Character.toLowerCase(rpc.charAt(0)) + rpc.substring(1);
    }

    private static Set<Path> closure(Path start, Map<Path, Set<Path>> dependencies) {
        Set<Path> reached = new HashSet<>();
        Deque<Path> pending = new ArrayDeque<>(List.of(start));
        while (!pending.isEmpty()) {
            Path module = pending.pop();
            if (reached.add(module)) {
                pending.addAll(dependencies.getOrDefault(module, Set.of()));
            }
        }
        return reached;
    }

    /** Every module of the reactor with a pom (libs, services, proto, ...) by its artifactId. */
    private static Map<String, Path> modulesByArtifact(Path repoRoot) {
        Map<String, Path> modules = new HashMap<>();
        for (String parent : List.of("libs", "services")) {
            try (Stream<Path> dirs = Files.list(repoRoot.resolve(parent))) {
                dirs.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                        .forEach(dir -> modules.put(artifactId(pom(dir)), dir));
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }
        return modules;
    }

    /** The module's dependencies on other Cohort modules that end up at run time (not test scope). */
    private static Set<Path> cohortDependencies(Path module, Map<String, Path> modulesByArtifact) {
        Set<Path> result = new HashSet<>();
        NodeList dependencies = pom(module).getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String group = text(dependency, "groupId");
            String scope = text(dependency, "scope");
            if ("dev.cohort".equals(group) && !"test".equals(scope)
                    && modulesByArtifact.containsKey(text(dependency, "artifactId"))) {
                result.add(modulesByArtifact.get(text(dependency, "artifactId")));
            }
        }
        return result;
    }

    private static Document pom(Path module) {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(module.resolve("pom.xml").toFile());
        } catch (Exception unreadable) {
            throw new IllegalStateException("cannot read " + module.resolve("pom.xml"), unreadable);
        }
    }

    private static String artifactId(Document pom) {
        NodeList children = pom.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && element.getTagName().equals("artifactId")) {
                return element.getTextContent().trim();
            }
        }
        throw new IllegalStateException("pom without artifactId");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
