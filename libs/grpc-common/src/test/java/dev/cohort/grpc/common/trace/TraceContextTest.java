package dev.cohort.grpc.common.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import org.junit.jupiter.api.Test;

class TraceContextTest {

    @Test
    void parsesAValidTraceparentAndWritesItBackUnchanged() {
        String header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        TraceContext context = TraceContext.parse(header).orElseThrow();

        assertThat(context.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(context.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(context.toTraceparent()).isEqualTo(header);
    }

    @Test
    void rejectsMalformedAndAllZeroHeaders() {
        assertThat(TraceContext.parse(null)).isEmpty();
        assertThat(TraceContext.parse("garbage")).isEmpty();
        assertThat(TraceContext.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceContext.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isEmpty();
        assertThat(TraceContext.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isEmpty();
    }

    @Test
    void childKeepsTheTraceButTakesANewSpan() {
        TraceContext root = TraceContext.newRoot();

        TraceContext child = root.child();

        assertThat(child.traceId()).isEqualTo(root.traceId());
        assertThat(child.spanId()).isNotEqualTo(root.spanId()).hasSize(16);
        assertThat(TraceContext.parse(child.toTraceparent())).contains(child);
    }

    @Test
    void currentReadsTheContextOfTheRequestBeingServed() throws Exception {
        TraceContext root = TraceContext.newRoot();

        assertThat(TraceContext.current()).isEmpty();
        TraceContext seen = Context.current().withValue(TraceContext.CONTEXT_KEY, root).call(() -> TraceContext.current().orElseThrow());

        assertThat(seen).isEqualTo(root);
    }
}
