package dev.cohort.devgateway;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorDetailsProto;
import com.google.rpc.RetryInfo;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;
import com.linecorp.armeria.server.grpc.UnframedGrpcStatusMappingFunction;
import io.grpc.Status;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * REST errors as envoy.yaml's transcoder writes them ({@code convert_grpc_status: true}): the HTTP status that
 * matches the gRPC code, and the {@code google.rpc.Status} — code, message and details, as the service sent
 * them in {@code grpc-status-details-bin} — as JSON, with the same print options as answers. An error carrying
 * {@code google.rpc.RetryInfo} (a rate limit, the gateway's or a service's) also gets {@code Retry-After}, the
 * header HTTP clients and libraries already understand.
 */
final class RpcStatusJson implements UnframedGrpcErrorHandler {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
                    .add(ErrorDetailsProto.getDescriptor().getMessageTypes())
                    .build())
            .alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();

    private final UnframedGrpcStatusMappingFunction statusMapping = UnframedGrpcStatusMappingFunction.of();

    @Override
    public HttpResponse handle(ServiceRequestContext ctx, Status status, AggregatedHttpResponse response) {
        com.google.rpc.Status body = detailsOf(response.trailers());
        if (body == null) {
            body = detailsOf(response.headers());
        }
        if (body == null || body.getCode() != status.getCode().value()) {
            body = com.google.rpc.Status.newBuilder()
                    .setCode(status.getCode().value())
                    .setMessage(status.getDescription() == null ? "" : status.getDescription())
                    .build();
        }
        HttpStatus httpStatus = statusMapping.apply(ctx, status, status.getCause());
        ResponseHeadersBuilder headers = ResponseHeaders.builder(httpStatus).contentType(MediaType.JSON_UTF_8);
        retryDelay(body).ifPresent(delay ->
                headers.set(HttpHeaderNames.RETRY_AFTER, String.valueOf(EdgeRateLimit.wholeSeconds(delay))));
        String json;
        try {
            json = PRINTER.print(body);
        } catch (InvalidProtocolBufferException unprintable) {
            json = "{\"code\":" + status.getCode().value() + ",\"message\":\"\",\"details\":[]}";
        }
        return HttpResponse.of(headers.build(), HttpData.ofUtf8(json));
    }

    private static Optional<Duration> retryDelay(com.google.rpc.Status body) {
        for (Any detail : body.getDetailsList()) {
            if (detail.is(RetryInfo.class)) {
                try {
                    com.google.protobuf.Duration delay = detail.unpack(RetryInfo.class).getRetryDelay();
                    return Optional.of(Duration.ofSeconds(delay.getSeconds(), delay.getNanos()));
                } catch (InvalidProtocolBufferException unreadable) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static com.google.rpc.Status detailsOf(HttpHeaders headers) {
        String encoded = headers.get(ForwardedHeaders.STATUS_DETAILS);
        if (encoded == null) {
            return null;
        }
        try {
            return com.google.rpc.Status.parseFrom(Base64.getDecoder().decode(padded(encoded)));
        } catch (InvalidProtocolBufferException | IllegalArgumentException unreadable) {
            return null;
        }
    }

    /** gRPC writes binary headers as unpadded base64. */
    private static String padded(String base64) {
        int missing = (4 - base64.length() % 4) % 4;
        return base64 + "=".repeat(missing);
    }
}
