package dev.cohort.testkit.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The rules against small fixtures: one package that keeps the layers, one that breaks each rule. */
class LayeringTest {

    private static final String FIXTURES = "dev.cohort.testkit.arch.fixture";

    private final JavaClasses clean = Layering.classesIn(FIXTURES + ".clean");
    private final JavaClasses leaky = Layering.classesIn(FIXTURES + ".leaky");

    @Test
    void passesLayersThatMapViewsAndKeepTheDomainPlain() {
        assertThat(Layering.API_SEES_NO_STORE.evaluate(clean).hasViolation()).isFalse();
        assertThat(Layering.DOMAIN_WITHOUT_FRAMEWORKS.evaluate(clean).hasViolation()).isFalse();
    }

    @Test
    void namesAnApiClassThatUsesTheStore() {
        EvaluationResult result = Layering.API_SEES_NO_STORE.evaluate(leaky);

        assertThat(result.getFailureReport().getDetails()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("leaky.api.Mapping").contains("leaky.store.Row"));
    }

    @Test
    void namesDomainClassesThatUseSpringGrpcOrTheContract() {
        EvaluationResult result = Layering.DOMAIN_WITHOUT_FRAMEWORKS.evaluate(leaky);

        assertThat(String.join("\n", result.getFailureReport().getDetails()))
                .contains("SpringRule").contains("org.springframework.util.Assert")
                .contains("GrpcRule").contains("io.grpc.Status")
                .contains("ContractRule").contains("dev.cohort.fixture.v1.Kind");
    }

    @Test
    void failsOnAPackageWithNothingToCheck() {
        assertThatThrownBy(() -> Layering.check("dev.cohort.testkit.arch.nothing")).isInstanceOf(AssertionError.class);
    }
}
