package dev.cohort.devgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    private static Metadata.Key<String> ascii(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }

    private static final Metadata.Key<byte[]> DETAILS =
            Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

    @Test
    void forwardsCredentialsAndTraceContextButNotFramingOrHopByHopHeaders() {
        Metadata incoming = new Metadata();
        incoming.put(ascii("authorization"), "Bearer abc");
        incoming.put(ascii("traceparent"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        incoming.put(ascii("content-type"), "application/grpc-web+proto");
        incoming.put(ascii("grpc-timeout"), "5S");
        incoming.put(ascii("keep-alive"), "timeout=5");
        incoming.put(ascii("x-grpc-web"), "1");
        incoming.put(Metadata.Key.of("x-custom-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {1, 2});

        Metadata forwarded = ForwardedHeaders.request(incoming, InetAddress.getLoopbackAddress());

        assertThat(forwarded.keys())
                .containsExactlyInAnyOrder("authorization", "traceparent", "x-custom-bin", "x-forwarded-for");
        assertThat(forwarded.get(ascii("authorization"))).isEqualTo("Bearer abc");
    }

    @Test
    void appendsThePeerToForwardedForSoThatTheClientsOwnEntriesStayLeftOfIt() throws Exception {
        Metadata incoming = new Metadata();
        incoming.put(ascii("x-forwarded-for"), "6.6.6.6");
        incoming.put(ascii("x-forwarded-for"), "7.7.7.7, 8.8.8.8");

        Metadata forwarded = ForwardedHeaders.request(incoming, InetAddress.getByName("203.0.113.9"));

        assertThat(forwarded.getAll(ascii("x-forwarded-for")))
                .containsExactly("6.6.6.6, 7.7.7.7, 8.8.8.8, 203.0.113.9");
    }

    @Test
    void writesThePeerAloneWhenTheClientSentNoForwardedFor() throws Exception {
        Metadata forwarded = ForwardedHeaders.request(new Metadata(), InetAddress.getByName("203.0.113.9"));

        assertThat(forwarded.getAll(ascii("x-forwarded-for"))).containsExactly("203.0.113.9");
    }

    @Test
    void dropsTheClientsForwardedForWhenThePeerIsUnknown() {
        Metadata incoming = new Metadata();
        incoming.put(ascii("x-forwarded-for"), "6.6.6.6");

        assertThat(ForwardedHeaders.request(incoming, null).containsKey(ascii("x-forwarded-for"))).isFalse();
    }

    @Test
    void keepsStatusDetailsOnAnswersButNoOtherGrpcHeaders() {
        Metadata trailers = new Metadata();
        trailers.put(ascii("content-type"), "application/grpc");
        trailers.put(ascii("grpc-encoding"), "identity");
        trailers.put(DETAILS, new byte[] {8, 3});

        Metadata answer = ForwardedHeaders.response(trailers);

        assertThat(answer.keys()).containsExactly("grpc-status-details-bin");
    }

    @Test
    void hidesTextOfUnexpectedErrorsAndTransportFailures() {
        Metadata trailers = new Metadata();
        trailers.put(DETAILS, new byte[] {8, 13});

        Status internal = UpstreamStatus.sanitise(
                Status.INTERNAL.withDescription("NullPointerException at db-7.internal:5432"), trailers);
        Status unavailable = UpstreamStatus.sanitise(
                Status.UNAVAILABLE.withDescription("io exception: Connection refused: /10.0.0.7:9103"), new Metadata());
        Status invalid = UpstreamStatus.sanitise(Status.INVALID_ARGUMENT.withDescription("email: bad"), new Metadata());

        assertThat(internal.getDescription()).isEqualTo("internal error");
        assertThat(trailers.containsKey(DETAILS)).isFalse();
        assertThat(unavailable.getDescription()).isEqualTo("service unavailable");
        assertThat(invalid.getDescription()).isEqualTo("email: bad");
    }
}
