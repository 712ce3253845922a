package dev.cohort.gateway.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat.TypeRegistry;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.grpc_json_transcoder.v3.GrpcJsonTranscoder;
import io.envoyproxy.envoy.extensions.filters.http.grpc_web.v3.GrpcWeb;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every extension type envoy.yaml may name in a {@code typed_config} (or typed_per_filter_config /
 * typed_extension_protocol_options). Deliberately a closed list: a new extension in the file must be added here,
 * which is the moment to also add a check for it.
 */
final class EnvoyTypes {

    private static final List<Message> PROTOTYPES = List.of(
            HttpConnectionManager.getDefaultInstance(),
            Cors.getDefaultInstance(),
            CorsPolicy.getDefaultInstance(),
            JwtAuthentication.getDefaultInstance(),
            GrpcWeb.getDefaultInstance(),
            GrpcJsonTranscoder.getDefaultInstance(),
            LocalRateLimit.getDefaultInstance(),
            Router.getDefaultInstance(),
            HttpProtocolOptions.getDefaultInstance(),
            StdoutAccessLog.getDefaultInstance(),
            DownstreamConnectionsConfig.getDefaultInstance());

    static final List<Descriptor> EXTENSIONS = PROTOTYPES.stream().map(Message::getDescriptorForType).toList();

    static final TypeRegistry REGISTRY = TypeRegistry.newBuilder().add(EXTENSIONS).build();

    private static final Map<String, Message> BY_TYPE_URL = PROTOTYPES.stream().collect(Collectors.toUnmodifiableMap(
            prototype -> "type.googleapis.com/" + prototype.getDescriptorForType().getFullName(),
            prototype -> prototype));

    private EnvoyTypes() {
    }

    /** The message inside an Any, as its generated class. */
    static <T extends Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("typed_config " + any.getTypeUrl() + " is not a " + type.getName(), e);
        }
    }

    /** The message inside an Any, as its generated class whatever its type (for walks over the whole configuration). */
    static Message unpackAny(Any any) {
        Message prototype = BY_TYPE_URL.get(any.getTypeUrl());
        if (prototype == null) {
            throw new AssertionError("no Envoy type registered for " + any.getTypeUrl());
        }
        try {
            return prototype.getParserForType().parseFrom(any.getValue());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("cannot read typed_config " + any.getTypeUrl(), e);
        }
    }
}
