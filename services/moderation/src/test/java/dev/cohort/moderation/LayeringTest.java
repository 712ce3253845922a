package dev.cohort.moderation;

import dev.cohort.testkit.arch.Layering;
import org.junit.jupiter.api.Test;

/** api/ maps views and never sees store/; domain/ holds rules without Spring, JPA or gRPC types. */
class LayeringTest {

    @Test
    void keepsItsLayers() {
        Layering.check("dev.cohort.moderation");
    }
}
