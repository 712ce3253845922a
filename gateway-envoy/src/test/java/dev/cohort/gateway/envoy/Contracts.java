package dev.cohort.gateway.envoy;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cohort.common.v1.AccessProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the build's descriptor set says about the API the gateway fronts: the services under {@code cohort.*},
 * their RPCs, each RPC's REST bindings ({@code google.api.http}), streaming shape and access policy
 * ({@code cohort.common.v1.access}). Read from the very file the transcoder loads, not from a hard-coded list.
 */
record Contracts(List<Service> services) {

    /** A gRPC service of the platform. */
    record Service(String fullName, String domain, List<Method> methods) {

        /** Whether any RPC has a REST binding: such a service must be transcoded and routed. */
        boolean annotated() {
            return methods.stream().anyMatch(m -> !m.bindings().isEmpty());
        }
    }

    /** One RPC. */
    record Method(String service, String name, boolean clientStreaming, boolean serverStreaming,
                  boolean isPublic, List<Binding> bindings) {

        /** The HTTP/2 path of the call: {@code /package.Service/Method}. */
        String grpcPath() {
            return "/" + service + "/" + name;
        }

        boolean streaming() {
            return clientStreaming || serverStreaming;
        }

        @Override
        public String toString() {
            return service + "/" + name;
        }
    }

    /** One REST binding: HTTP method and path template as written in the contract. */
    record Binding(String httpMethod, String pathTemplate) {

        boolean literal() {
            return !pathTemplate.contains("{") && !pathTemplate.contains("*");
        }

        @Override
        public String toString() {
            return httpMethod + " " + pathTemplate;
        }
    }

    static Contracts read(Path descriptorSet) {
        ExtensionRegistry extensions = ExtensionRegistry.newInstance();
        AnnotationsProto.registerAllExtensions(extensions);
        AccessProto.registerAllExtensions(extensions);
        FileDescriptorSet set;
        try {
            set = FileDescriptorSet.parseFrom(ProjectFiles.readBytes(descriptorSet), extensions);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("not a descriptor set: " + descriptorSet, e);
        }
        List<Service> services = new ArrayList<>();
        for (FileDescriptorProto file : set.getFileList()) {
            if (!file.getPackage().startsWith("cohort.")) {
                continue;
            }
            for (ServiceDescriptorProto service : file.getServiceList()) {
                String fullName = file.getPackage() + "." + service.getName();
                String domain = file.getPackage().split("\\.")[1];
                List<Method> methods = service.getMethodList().stream()
                        .map(method -> method(fullName, method))
                        .toList();
                services.add(new Service(fullName, domain, methods));
            }
        }
        return new Contracts(List.copyOf(services));
    }

    private static Method method(String service, MethodDescriptorProto method) {
        var options = method.getOptions();
        List<Binding> bindings = new ArrayList<>();
        if (options.hasExtension(AnnotationsProto.http)) {
            HttpRule rule = options.getExtension(AnnotationsProto.http);
            bindings.add(binding(rule));
            rule.getAdditionalBindingsList().forEach(extra -> bindings.add(binding(extra)));
        }
        boolean isPublic = options.hasExtension(AccessProto.access)
                && options.getExtension(AccessProto.access).getPublic();
        return new Method(service, method.getName(), method.getClientStreaming(), method.getServerStreaming(),
                isPublic, List.copyOf(bindings));
    }

    private static Binding binding(HttpRule rule) {
        return switch (rule.getPatternCase()) {
            case GET -> new Binding("GET", rule.getGet());
            case POST -> new Binding("POST", rule.getPost());
            case PUT -> new Binding("PUT", rule.getPut());
            case PATCH -> new Binding("PATCH", rule.getPatch());
            case DELETE -> new Binding("DELETE", rule.getDelete());
            case CUSTOM -> new Binding(rule.getCustom().getKind().toUpperCase(Locale.ROOT), rule.getCustom().getPath());
            case PATTERN_NOT_SET -> throw new IllegalStateException("google.api.http rule without a pattern: " + rule);
        };
    }

    Stream<Method> methods() {
        return services.stream().flatMap(s -> s.methods().stream());
    }

    Set<String> annotatedServiceNames() {
        return services.stream().filter(Service::annotated).map(Service::fullName).collect(Collectors.toSet());
    }

    Set<String> serviceNames() {
        return services.stream().map(Service::fullName).collect(Collectors.toSet());
    }

    Service service(String fullName) {
        return services.stream().filter(s -> s.fullName().equals(fullName)).findFirst()
                .orElseThrow(() -> new AssertionError("no service " + fullName + " in the descriptor set"));
    }
}
