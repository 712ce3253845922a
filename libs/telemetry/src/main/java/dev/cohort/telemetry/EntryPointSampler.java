package dev.cohort.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Decides for spans that start a trace: only a request arriving (SERVER) or an event consumed (CONSUMER) starts
 * one, at the configured ratio. Work a process does on its own — the outbox relay polling its table, sweeps,
 * scheduled jobs — would otherwise export a root span for every JDBC statement and Redis command it makes; those are
 * dropped, and what they call downstream follows their (unsampled) decision.
 */
final class EntryPointSampler implements Sampler {

    private final Sampler ratio;

    EntryPointSampler(double ratio) {
        this.ratio = Sampler.traceIdRatioBased(ratio);
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        if (spanKind != SpanKind.SERVER && spanKind != SpanKind.CONSUMER) {
            return SamplingResult.drop();
        }
        return ratio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "EntryPointSampler{" + ratio.getDescription() + "}";
    }
}
