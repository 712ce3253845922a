package dev.cohort.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Which address the throttle sees, with Envoy's xff_num_trusted_hops semantics. */
class ClientAddressTest {

    static final InetSocketAddress GATEWAY = new InetSocketAddress("10.0.0.9", 40000);

    @Test
    void withoutTrustedHopsTheHeaderIsIgnored() {
        assertThat(new ClientAddress(0).addressOf(GATEWAY, forwardedFor("1.2.3.4"))).isEqualTo("10.0.0.9");
    }

    @Test
    void withOneTrustedHopTheClientIsTheEntryTheGatewayAppended() {
        ClientAddress oneHop = new ClientAddress(1);

        assertThat(oneHop.addressOf(GATEWAY, forwardedFor("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(oneHop.addressOf(GATEWAY, forwardedFor("6.6.6.6, 7.7.7.7 ,203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @Test
    void withTwoTrustedHopsTheClientIsTheSecondEntryFromTheRight() {
        assertThat(new ClientAddress(2).addressOf(GATEWAY, forwardedFor("6.6.6.6, 203.0.113.7, 10.0.0.2")))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void entriesOfRepeatedHeadersCountInOrder() {
        Metadata headers = forwardedFor("6.6.6.6, 198.51.100.1");
        headers.put(ClientAddressTest.KEY, "203.0.113.7");

        assertThat(new ClientAddress(1).addressOf(GATEWAY, headers)).isEqualTo("203.0.113.7");
        assertThat(new ClientAddress(2).addressOf(GATEWAY, headers)).isEqualTo("198.51.100.1");
    }

    @Test
    void aMissingShortOrMalformedHeaderFallsBackToThePeer() {
        ClientAddress twoHops = new ClientAddress(2);

        assertThat(twoHops.addressOf(GATEWAY, new Metadata())).isEqualTo("10.0.0.9");
        assertThat(twoHops.addressOf(GATEWAY, forwardedFor("203.0.113.7"))).isEqualTo("10.0.0.9");
        assertThat(twoHops.addressOf(GATEWAY, forwardedFor("example.org, 10.0.0.2"))).isEqualTo("10.0.0.9");
        assertThat(twoHops.addressOf(GATEWAY, forwardedFor(", 10.0.0.2"))).isEqualTo("10.0.0.9");
        assertThat(twoHops.addressOf(GATEWAY, forwardedFor("999.1.1.1, 10.0.0.2"))).isEqualTo("10.0.0.9");
    }

    @Test
    void addressesAreWrittenInOneCanonicalForm() {
        assertThat(new ClientAddress(1).addressOf(GATEWAY, forwardedFor("2001:DB8:0:0:0:0:0:1")))
                .isEqualTo(new ClientAddress(1).addressOf(GATEWAY, forwardedFor("2001:db8::1")));
    }

    static final Metadata.Key<String> KEY = Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER);

    private static Metadata forwardedFor(String value) {
        Metadata headers = new Metadata();
        headers.put(KEY, value);
        return headers;
    }
}
