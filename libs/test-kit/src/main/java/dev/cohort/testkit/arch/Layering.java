package dev.cohort.testkit.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layers every service keeps, checked on its compiled classes: {@code api/} maps the use cases' views to the
 * contract and never sees {@code store/} (entities, rows, repositories); {@code domain/} holds rules in plain Java,
 * without Spring, JPA or gRPC types. Each service calls {@link #check} from one test.
 */
public final class Layering {

    /**
     * What the domain must not touch: Spring, JPA and Hibernate, gRPC and protobuf, the contract's generated
     * classes ({@code dev.cohort.<name>.v1}), and the platform's gRPC glue (server and client conventions, the
     * caller in the gRPC context). The business exceptions of {@code dev.cohort.grpc.common} are plain Java and
     * meant for the domain.
     */
    static final String[] FRAMEWORK_PACKAGES = {
            "org.springframework..", "jakarta.persistence..", "javax.persistence..", "org.hibernate..",
            "io.grpc..", "com.google.protobuf..", "build.buf..", "dev.cohort.*.v1..",
            "dev.cohort.grpc.server..", "dev.cohort.grpc.client..", "dev.cohort.auth.."};

    /** {@code api/} works with views; what the store holds stays below {@code app/}. */
    public static final ArchRule API_SEES_NO_STORE = noClasses().that().resideInAPackage("..api..")
            .should().dependOnClassesThat().resideInAPackage("..store..")
            .because("api/ maps only: the use cases in app/ return views built inside their transaction");

    /** {@code domain/} holds rules without framework types. */
    public static final ArchRule DOMAIN_WITHOUT_FRAMEWORKS = noClasses().that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORK_PACKAGES)
            .because("domain/ holds rules in plain Java; frameworks and the contract stay in the layers around it");

    private Layering() {
    }

    /**
     * Fails (with every violation named) when a main class in {@code servicePackage}'s {@code api} or
     * {@code domain} package breaks a rule. Tests are not checked; a service without {@code api} or {@code domain}
     * classes fails too, so a misspelt package cannot pass by checking nothing.
     */
    public static void check(String servicePackage) {
        API_SEES_NO_STORE.check(classesIn(servicePackage + ".api", ImportOption.Predefined.DO_NOT_INCLUDE_TESTS));
        DOMAIN_WITHOUT_FRAMEWORKS.check(classesIn(servicePackage + ".domain",
                ImportOption.Predefined.DO_NOT_INCLUDE_TESTS));
    }

    /**
     * The classes of {@code packageName}. The rules only need the names of the classes these use, so those are not
     * read from the class path (reading Spring's and Hibernate's would take most of the time).
     */
    static JavaClasses classesIn(String packageName, ImportOption... options) {
        return ArchConfiguration.withThreadLocalScope(configuration -> {
            configuration.setResolveMissingDependenciesFromClassPath(false);
            return new ClassFileImporter().withImportOptions(List.of(options)).importPackages(packageName);
        });
    }
}
