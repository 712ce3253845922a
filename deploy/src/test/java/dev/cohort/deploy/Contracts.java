package dev.cohort.deploy;

import com.google.api.AnnotationsProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.ExtensionRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The contracts as the build's descriptor set (the file the ingress transcoder is fed) describes them: per gRPC
 * service, its methods, which of them browsers use (google.api.http) and which stream.
 */
record Contracts(byte[] descriptorSet, Map<String, Service> services) {

    /** One gRPC service of proto/: methods by name. */
    record Service(String fullName, Map<String, MethodDescriptorProto> methods) {

        /**
         * What browsers call through the ingress: RPCs with a REST mapping (google.api.http, also reachable as
         * gRPC-Web) and server streams (gRPC-Web carries them; REST cannot). Client and bidirectional streams are
         * not browser-facing (ADR 46).
         */
        SortedSet<String> browserMethods() {
            TreeSet<String> names = new TreeSet<>();
            methods.forEach((name, method) -> {
                if (method.getOptions().hasExtension(AnnotationsProto.http)
                        || (method.getServerStreaming() && !method.getClientStreaming())) {
                    names.add(name);
                }
            });
            return names;
        }

        SortedSet<String> streamingMethods() {
            TreeSet<String> names = new TreeSet<>();
            methods.forEach((name, method) -> {
                if (method.getClientStreaming() || method.getServerStreaming()) {
                    names.add(name);
                }
            });
            return names;
        }

        /** The GET path of a method's google.api.http rule, if it has one. */
        Optional<String> httpGetPath(String method) {
            MethodDescriptorProto descriptor = methods.get(method);
            if (descriptor == null || !descriptor.getOptions().hasExtension(AnnotationsProto.http)) {
                return Optional.empty();
            }
            String get = descriptor.getOptions().getExtension(AnnotationsProto.http).getGet();
            return get.isEmpty() ? Optional.empty() : Optional.of(get);
        }
    }

    static Contracts load(Path descriptorSet) {
        try {
            byte[] bytes = Files.readAllBytes(descriptorSet);
            ExtensionRegistry registry = ExtensionRegistry.newInstance();
            AnnotationsProto.registerAllExtensions(registry);
            Map<String, Service> services = new TreeMap<>();
            for (FileDescriptorProto file : FileDescriptorSet.parseFrom(bytes, registry).getFileList()) {
                if (!file.getPackage().startsWith("cohort.")) {
                    continue;
                }
                for (ServiceDescriptorProto service : file.getServiceList()) {
                    Map<String, MethodDescriptorProto> methods = new TreeMap<>();
                    service.getMethodList().forEach(method -> methods.put(method.getName(), method));
                    String fullName = file.getPackage() + "." + service.getName();
                    services.put(fullName, new Service(fullName, methods));
                }
            }
            return new Contracts(bytes, services);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    Service service(String fullName) {
        Service service = services.get(fullName);
        if (service == null) {
            throw new AssertionError("no gRPC service " + fullName + " in proto/ (have " + services.keySet() + ")");
        }
        return service;
    }
}
