package dev.cohort.auth;

import com.google.protobuf.Descriptors;
import dev.cohort.common.v1.AccessPolicy;
import dev.cohort.common.v1.AccessProto;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads each RPC's {@code (cohort.common.v1.access)} option from the contract. The gRPC infrastructure services
 * (health, reflection) are public by nature; any other RPC without a policy gets none, and is refused.
 */
public final class AccessPolicies {

    private static final AccessPolicy PUBLIC = AccessPolicy.newBuilder().setPublic(true).build();
    private static final Set<String> INFRASTRUCTURE_SERVICES = Set.of(
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection");

    private final Map<String, Optional<AccessPolicy>> cache = new ConcurrentHashMap<>();

    /** The policy declared for this method, or empty when the contract declares none. */
    public Optional<AccessPolicy> policyOf(MethodDescriptor<?, ?> method) {
        return cache.computeIfAbsent(method.getFullMethodName(), name -> resolve(method));
    }

    private static Optional<AccessPolicy> resolve(MethodDescriptor<?, ?> method) {
        if (INFRASTRUCTURE_SERVICES.contains(method.getServiceName())) {
            return Optional.of(PUBLIC);
        }
        if (!(method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier)) {
            return Optional.empty();
        }
        Descriptors.MethodDescriptor descriptor = supplier.getMethodDescriptor();
        if (!descriptor.getOptions().hasExtension(AccessProto.access)) {
            return Optional.empty();
        }
        return Optional.of(descriptor.getOptions().getExtension(AccessProto.access));
    }
}
