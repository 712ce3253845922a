package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ServiceDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The services the local gateway relays and the upstreams it knows are the same list, each on its fixed local
 * port; gateway-envoy's EnvoyConfigContractTest checks that list against envoy.yaml's routes and clusters.
 */
class GatewayServicesTest {

    @Test
    void relaysExactlyTheServicesItHasDefaultUpstreamsFor() {
        assertThat(LocalGateway.SERVICES).extracting(ServiceDescriptor::getName)
                .containsExactlyInAnyOrderElementsOf(GatewaySettings.defaults().upstreams().keySet());
    }

    @Test
    void givesEachServiceItsFixedLocalPort() {
        assertThat(GatewaySettings.defaults().upstreams()).containsEntry(GatewaySettings.IDENTITY, "127.0.0.1:9101")
                .containsEntry(GatewaySettings.PROFILE, "127.0.0.1:9102")
                .containsEntry(GatewaySettings.COURSE, "127.0.0.1:9103")
                .containsEntry(GatewaySettings.GROUP, "127.0.0.1:9104")
                .containsEntry(GatewaySettings.CHAT, "127.0.0.1:9105");
    }
}
