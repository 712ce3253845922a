package dev.cohort.gateway.envoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;

/**
 * envoy.yaml is a valid Envoy v3 configuration as far as Envoy's own API types can tell without an Envoy binary:
 * it parses strictly into {@link Bootstrap}, every typed_config resolves to a known extension type, and Envoy's
 * declared field constraints hold. The broken-copy tests prove the parse is strict enough to catch mistakes.
 */
class EnvoyConfigParsingTest {

    @Test
    void parsesIntoEnvoysV3BootstrapWithEveryTypedConfigResolved() throws Exception {
        Bootstrap bootstrap = EnvoyYaml.parseBootstrap(ProjectFiles.envoyConfig());

        Set<String> typesUsed = new TreeSet<>();
        collectAnyTypes(bootstrap, typesUsed);
        Set<String> registered = new TreeSet<>();
        EnvoyTypes.EXTENSIONS.forEach(d -> registered.add("type.googleapis.com/" + d.getFullName()));

        assertThat(bootstrap.getStaticResources().getListenersList()).isNotEmpty();
        assertThat(typesUsed)
                .as("every typed_config is one of the registered extension types, and each of those is used")
                .isEqualTo(registered);
    }

    @Test
    void meetsEnvoysDeclaredFieldConstraints() throws Exception {
        Bootstrap bootstrap = EnvoyYaml.parseBootstrap(ProjectFiles.envoyConfig());

        assertThat(EnvoyValidationRules.violations(bootstrap)).isEmpty();
    }

    @Test
    void rejectsAnUnknownFieldInsideATypedConfig() {
        Map<String, Object> broken = EnvoyYaml.readTree(ProjectFiles.envoyConfig());
        YamlTree.typedConfig(broken, "GrpcJsonTranscoder").put("convert_grpc_statuses", true);

        assertThatThrownBy(() -> EnvoyYaml.parseBootstrap(broken))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("convert_grpc_statuses");
    }

    @Test
    void rejectsAnUnknownFieldInAPlainMessage() {
        Map<String, Object> broken = EnvoyYaml.readTree(ProjectFiles.envoyConfig());
        YamlTree.cluster(broken, "identity").put("conect_timeout", "2s");

        assertThatThrownBy(() -> EnvoyYaml.parseBootstrap(broken))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("conect_timeout");
    }

    @Test
    void rejectsATypedConfigOfAnUnknownType() {
        Map<String, Object> broken = EnvoyYaml.readTree(ProjectFiles.envoyConfig());
        YamlTree.typedConfig(broken, "GrpcWeb")
                .put("@type", "type.googleapis.com/envoy.extensions.filters.http.grpc_web.v3.GrpcWebFilter");

        assertThatThrownBy(() -> EnvoyYaml.parseBootstrap(broken))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("GrpcWebFilter");
    }

    @Test
    void rejectsARealEnvoyExtensionThatTheTestsDoNotKnow() {
        // A genuine Envoy type, but not in EnvoyTypes: adding an extension means adding its checks too.
        Map<String, Object> broken = EnvoyYaml.readTree(ProjectFiles.envoyConfig());
        Map<String, Object> grpcWeb = YamlTree.typedConfig(broken, "GrpcWeb");
        grpcWeb.put("@type", "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer");
        grpcWeb.put("max_request_bytes", 1024);

        assertThatThrownBy(() -> EnvoyYaml.parseBootstrap(broken))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("envoy.extensions.filters.http.buffer.v3.Buffer");
    }

    @Test
    void rejectsAnUnknownEnumValue() {
        Map<String, Object> broken = EnvoyYaml.readTree(ProjectFiles.envoyConfig());
        YamlTree.typedConfig(broken, "HttpConnectionManager").put("codec_type", "HTTP2_ONLY");

        assertThatThrownBy(() -> EnvoyYaml.parseBootstrap(broken))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("HTTP2_ONLY");
    }

    @Test
    void rejectsADuplicateKey() {
        String yaml = ProjectFiles.read(ProjectFiles.envoyConfig());
        Matcher line = Pattern.compile("(?m)^( +)convert_grpc_status: true$").matcher(yaml);
        assertThat(line.find()).isTrue();
        String broken = yaml.substring(0, line.end()) + "\n" + line.group(1) + "convert_grpc_status: false"
                + yaml.substring(line.end());

        assertThatThrownBy(() -> EnvoyYaml.parseTree(broken)).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void reportsAMissingRequiredFieldAsEnvoyWould() throws Exception {
        Map<String, Object> broken = EnvoyYaml.readTree(ProjectFiles.envoyConfig());
        YamlTree.typedConfig(broken, "LocalRateLimit").remove("stat_prefix");
        YamlTree.cluster(broken, "course").put("connect_timeout", "0s");

        List<String> violations = EnvoyValidationRules.violations(EnvoyYaml.parseBootstrap(broken));

        assertThat(violations).anyMatch(v -> v.endsWith("LocalRateLimit>.stat_prefix: must be at least 1 character(s)"));
        assertThat(violations).anyMatch(v -> v.matches(".*clusters\\[\\d+]\\.connect_timeout: must be greater than 0s"));
    }

    @Test
    void envoysGeneratedCodeWorksWithTheProjectsProtobufRuntime() throws Exception {
        // The API jar is protoc 3.25 gencode; the reactor runs protobuf-java 4.36. Binary and JSON round trips
        // exercise the generated parsers, builders and reflection the checks above rely on.
        Bootstrap bootstrap = EnvoyYaml.parseBootstrap(ProjectFiles.envoyConfig());

        Bootstrap viaBinary = Bootstrap.parseFrom(bootstrap.toByteArray());
        Bootstrap.Builder viaJson = Bootstrap.newBuilder();
        JsonFormat.parser().usingTypeRegistry(EnvoyTypes.REGISTRY)
                .merge(JsonFormat.printer().usingTypeRegistry(EnvoyTypes.REGISTRY).print(bootstrap), viaJson);

        assertThat(com.google.protobuf.RuntimeVersion.MAJOR).isEqualTo(4);
        assertThat(viaBinary).isEqualTo(bootstrap);
        assertThat(viaJson.build()).isEqualTo(bootstrap);
    }

    private static void collectAnyTypes(Message message, Set<String> types) {
        if (message instanceof Any any) {
            types.add(any.getTypeUrl());
            collectAnyTypes(EnvoyTypes.unpackAny(any), types);
            return;
        }
        for (var entry : message.getAllFields().entrySet()) {
            List<Object> values = new ArrayList<>();
            if (entry.getKey().isRepeated()) {
                values.addAll((List<?>) entry.getValue());
            } else {
                values.add(entry.getValue());
            }
            for (Object value : values) {
                if (value instanceof Message child) {
                    collectAnyTypes(child, types);
                }
            }
        }
    }
}
