package dev.cohort.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRoute;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.security.v1beta1.JWTRule;
import io.fabric8.istio.api.api.security.v1beta1.Rule;
import io.fabric8.istio.api.api.security.v1beta1.RuleFrom;
import io.fabric8.istio.api.api.security.v1beta1.RuleTo;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.istio.api.networking.v1alpha3.EnvoyFilter;
import io.fabric8.istio.api.security.v1.AuthorizationPolicy;
import io.fabric8.istio.api.security.v1.PeerAuthentication;
import io.fabric8.istio.api.security.v1.RequestAuthentication;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/istio rendered for every overlay and checked against the code: each service module has each resource,
 * ports, probes, settings and secrets match what the service reads, the JWT rules match identity's, and the
 * authorization policies allow exactly the calls the compiled code makes (plus the browser-facing RPCs from the
 * ingress gateway), so a new call without its policy fails here, not in production.
 */
class ManifestsTest {

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();
    private static final Pattern TARGET = Pattern.compile("dns:///([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local:(\\d+)");
    private static Contracts contracts;
    private static SortedSet<GrpcCalls.Call> calls;

    @BeforeAll
    static void readTheCode() {
        contracts = Contracts.load(Manifests.chart().resolve("files/cohort.binpb"));
        calls = GrpcCalls.scan(ServiceCode.repoRoot(), contracts);
    }

    static List<String> overlays() {
        return Manifests.overlays();
    }

    private static Manifests manifests(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Manifests::render);
    }

    @Test
    void bothOverlaysExist() {
        assertThat(overlays()).containsExactly("dev", "prod");
    }

    @Test
    void theScanFindsTheCallsKnownToExist() {
        // Guards the scan itself: group asks course about sections and enrolment; libs/auth fetches identity's keys.
        assertThat(calls).contains(
                new GrpcCalls.Call("group", "course", "cohort.course.v1.CourseService", "GetSection"),
                new GrpcCalls.Call("group", "course", "cohort.course.v1.CourseService", "GetMyEnrollment"),
                new GrpcCalls.Call("chat", "identity", "cohort.identity.v1.IdentityService", "GetJwks"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceModuleHasEveryResource(String overlay) {
        Manifests m = manifests(overlay);
        Set<String> deployed = m.all(Deployment.class).stream()
                .map(d -> d.getMetadata().getName()).filter(n -> !n.endsWith("-canary")).collect(Collectors.toSet());
        assertThat(deployed).as("services deployed in %s", overlay).containsExactlyInAnyOrderElementsOf(ServiceCode.modules());
        for (String service : ServiceCode.modules()) {
            m.get(Deployment.class, service);
            m.get(Service.class, service);
            m.get(ServiceAccount.class, service);
            PodDisruptionBudget budget = m.get(PodDisruptionBudget.class, service);
            assertThat(budget.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(m.get(Service.class, service).getSpec().getSelector());
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).as("never blocks a drain").isEqualTo(1);
            HorizontalPodAutoscaler autoscaler = m.get(HorizontalPodAutoscaler.class, service);
            assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(service);
            assertThat(autoscaler.getSpec().getMinReplicas()).isPositive()
                    .isLessThanOrEqualTo(autoscaler.getSpec().getMaxReplicas());
            m.get(ConfigMap.class, service + "-config");
            m.get(DestinationRule.class, service);
            m.get(VirtualService.class, service);
        }
        for (String external : List.of("postgres", "redis", "kafka", "schema-registry")) {
            assertThat(m.get(Service.class, external).getSpec().getType()).isEqualTo("ExternalName");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void portsAndProbesMatchEachServiceConfiguration(String overlay) {
        Manifests m = manifests(overlay);
        for (String service : ServiceCode.modules()) {
            ServiceCode code = ServiceCode.load(service);
            String grpcService = grpcServiceOf(service);
            for (Deployment deployment : deploymentsOf(m, service)) {
                Container container = container(deployment);
                assertThat(container.getPorts()).extracting(p -> p.getName()).containsExactly("grpc", "http-metrics");
                assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(code.grpcPort());
                // Metrics where the service serves them (cohort.metrics.port) and where Istio's merge looks.
                int metricsPort = container.getPorts().get(1).getContainerPort();
                assertThat(container.getEnv()).anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("COHORT_METRICS_PORT");
                    assertThat(env.getValue()).isEqualTo(String.valueOf(metricsPort));
                });
                assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                        .containsEntry("prometheus.io/scrape", "true")
                        .containsEntry("prometheus.io/port", String.valueOf(metricsPort))
                        .containsEntry("prometheus.io/path", "/metrics");
                assertThat(metricsPort).isNotEqualTo(code.grpcPort());
                for (Probe probe : List.of(container.getReadinessProbe(), container.getLivenessProbe(),
                        container.getStartupProbe())) {
                    assertThat(probe.getGrpc().getPort()).isEqualTo(code.grpcPort());
                    // Asked by service name: the pod is ready when this service is, not merely the server.
                    assertThat(probe.getGrpc().getService()).isEqualTo(grpcService);
                }
            }
            Service k8sService = m.get(Service.class, service);
            assertThat(k8sService.getSpec().getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getPort()).isEqualTo(code.grpcPort());
                assertThat(port.getName()).startsWith("grpc-");
                assertThat(port.getAppProtocol()).isEqualTo("grpc");
                assertThat(port.getTargetPort().getStrVal()).isEqualTo("grpc");
            });
            assertThat(k8sService.getSpec().getSelector())
                    .isEqualTo(deploymentsOf(m, service).get(0).getSpec().getSelector().getMatchLabels().entrySet().stream()
                            .filter(label -> !label.getKey().equals("version"))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void podsRunNonRootOnAReadOnlyRootWithRequestsAndLimits(String overlay) {
        Manifests m = manifests(overlay);
        for (String service : ServiceCode.modules()) {
            for (Deployment deployment : deploymentsOf(m, service)) {
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                Container container = container(deployment);
                assertThat(pod.getServiceAccountName()).isEqualTo(service);
                assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
                assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
                assertThat(container.getImage()).matches(".+/" + service + ":[A-Za-z0-9._-]+");
                // The only writable paths: /tmp (emptyDir) and nothing else; configuration mounted read-only.
                assertThat(container.getVolumeMounts()).allSatisfy(mount ->
                        assertThat(mount.getMountPath().equals("/tmp") || Boolean.TRUE.equals(mount.getReadOnly())).isTrue());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void terminationOutlastsTheServiceOwnShutdown(String overlay) {
        Manifests m = manifests(overlay);
        for (String service : ServiceCode.modules()) {
            Duration grace = ServiceCode.load(service).shutdownGracePeriod();
            for (Deployment deployment : deploymentsOf(m, service)) {
                PodSpec pod = deployment.getSpec().getTemplate().getSpec();
                long preStop = container(deployment).getLifecycle().getPreStop().getSleep().getSeconds();
                assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()))
                        .as("%s: kubelet's grace vs preStop %d s + gRPC shutdown grace %s", service, preStop, grace)
                        .isGreaterThan(grace.plusSeconds(preStop));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void requiredSettingsComeFromSecretsByReferenceOrConfiguration(String overlay) {
        Manifests m = manifests(overlay);
        for (String service : ServiceCode.modules()) {
            for (Deployment deployment : deploymentsOf(m, service)) {
                Map<String, EnvVar> env = container(deployment).getEnv().stream()
                        .collect(Collectors.toMap(EnvVar::getName, e -> e));
                for (String required : ServiceCode.load(service).requiredEnvironment()) {
                    assertThat(env).as("%s needs %s", service, required).containsKey(required);
                }
                env.values().stream().filter(e -> e.getValueFrom() != null).forEach(e ->
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("cohort-" + service));
                // Anything that looks secret is never a literal value.
                env.values().stream().filter(e -> e.getName().matches(".*(PASSWORD|KEY|SECRET|TOKEN).*"))
                        .forEach(e -> assertThat(e.getValue()).as(e.getName()).isNull());
            }
            assertThat(m.all(HasMetadata.class)).noneMatch(r -> r.getKind().equals("Secret"));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configurationPointsEveryServiceAtTheOthersAndTheInfrastructure(String overlay) throws Exception {
        Manifests m = manifests(overlay);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String service : ServiceCode.modules()) {
            String file = m.get(ConfigMap.class, service + "-config").getData().get(service + ".yaml");
            assertThat(file).as("%s-config holds %s.yaml", service, service).isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = new TreeMap<>(yaml.readValue(file, Map.class));
            ServiceCode code = ServiceCode.load(service);
            // Every setting the service has that names another service (…-target) is set to that service's address.
            for (String key : code.ownKeys()) {
                if (key.endsWith("-target")) {
                    assertThat(settings).as("%s sets %s", service, key).containsKey(key);
                }
            }
            for (Map.Entry<String, Object> setting : settings.entrySet()) {
                if (setting.getKey().endsWith("-target")) {
                    Matcher target = TARGET.matcher(String.valueOf(setting.getValue()));
                    assertThat(target.matches()).as("%s %s", service, setting).isTrue();
                    assertThat(target.group(2)).isEqualTo(Manifests.NAMESPACE);
                    assertThat(Integer.parseInt(target.group(3))).isEqualTo(ServiceCode.load(target.group(1)).grpcPort());
                } else {
                    // Only settings the service knows (its own file, or libraries' documented prefixes).
                    assertThat(setting.getKey()).matches("(spring\\.datasource|cohort\\.(redis|events|auth))\\..+");
                }
            }
            assertThat(settings.get("spring.datasource.url")).asString()
                    .startsWith("jdbc:postgresql://postgres." + Manifests.NAMESPACE + ".svc.cluster.local:");
            assertThat(settings.get("cohort.events.auto-register-schemas")).isEqualTo(false);
            // Identity's deny-list and revocation signal are shared keys: no service may move to its own key space.
            assertThat(settings).doesNotContainKey("cohort.redis.key-prefix");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void jwtRulesMatchIdentity(String overlay) {
        Manifests m = manifests(overlay);
        ServiceCode identity = ServiceCode.load("identity");
        String jwksPath = contracts.service("cohort.identity.v1.IdentityService").httpGetPath("GetJwks").orElseThrow();
        Gateway gateway = m.get(Gateway.class, "cohort-ingress");
        Set<String> hosts = gateway.getSpec().getServers().stream()
                .flatMap(server -> server.getHosts().stream()).collect(Collectors.toSet());
        List<RequestAuthentication> rules = m.all(RequestAuthentication.class);
        assertThat(rules).extracting(r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder(Manifests.NAMESPACE, "istio-system", "istio-system");
        for (RequestAuthentication authentication : rules) {
            assertThat(authentication.getSpec().getJwtRules()).singleElement().satisfies((JWTRule rule) -> {
                assertThat(rule.getIssuer()).isEqualTo(identity.property("cohort.auth.issuer"));
                assertThat(rule.getAudiences()).containsExactly(identity.property("cohort.auth.audience"));
                URI jwks = URI.create(rule.getJwksUri());
                // identity's GetJwks over REST, through this overlay's ingress.
                assertThat(jwks.getPath()).isEqualTo(jwksPath);
                assertThat(hosts).contains(jwks.getHost());
                assertThat(rule.getForwardOriginalToken()).isTrue();
            });
        }
        // Every other service verifies the same issuer and audience itself.
        for (String service : ServiceCode.modules()) {
            assertThat(ServiceCode.load(service).property("cohort.auth.issuer"))
                    .isEqualTo(identity.property("cohort.auth.issuer"));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void meshIsMutualTlsOnlyAndDeniesByDefault(String overlay) {
        Manifests m = manifests(overlay);
        assertThat(m.get(PeerAuthentication.class, "default").getSpec().getMtls().getMode().toString()).isEqualTo("STRICT");
        AuthorizationPolicy allowNothing = m.get(AuthorizationPolicy.class, "allow-nothing");
        assertThat(allowNothing.getSpec().getSelector()).isNull();
        assertThat(allowNothing.getSpec().getRules()).isNullOrEmpty();
        assertThat(m.all(AuthorizationPolicy.class)).allSatisfy(policy ->
                assertThat(policy.getSpec().getAction() == null || policy.getSpec().getAction().toString().equals("ALLOW"))
                        .as("only ALLOW policies: %s", policy.getMetadata().getName()).isTrue());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void policiesAllowExactlyTheCallsTheCodeMakes(String overlay) {
        Manifests m = manifests(overlay);
        String ingress = ingressPrincipal(m);
        String nativeIngress = nativeIngressPrincipal(m);
        Set<String> allowed = new TreeSet<>();
        for (String service : ServiceCode.modules()) {
            allowedCalls(m, service).stream()
                    .filter(grant -> !grant.startsWith(ingress + " ") && !grant.startsWith(nativeIngress + " "))
                    .forEach(allowed::add);
        }
        Set<String> needed = calls.stream()
                .map(call -> principal(call.caller()) + " /" + call.grpcService() + "/" + call.method())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(allowed).as("""
                AuthorizationPolicies (deploy/istio/values.yaml: services.<callee>.callers) must allow exactly the
                service-to-service gRPC calls found in the compiled code""").isEqualTo(needed);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void ingressMayCallExactlyTheBrowserFacingRpcs(String overlay) {
        Manifests m = manifests(overlay);
        String ingress = ingressPrincipal(m);
        for (String service : ServiceCode.modules()) {
            Contracts.Service contract = contracts.service(grpcServiceOf(service));
            Set<String> allowed = allowedCalls(m, service).stream().filter(grant -> grant.startsWith(ingress + " "))
                    .map(grant -> grant.substring(grant.lastIndexOf('/') + 1)).collect(Collectors.toSet());
            assertThat(new TreeSet<>(allowed))
                    .as("%s: values.yaml browserMethods = the RPCs with google.api.http", service)
                    .isEqualTo(contract.browserMethods());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceExportsSpansToTheOverlaysCollector(String overlay) {
        Manifests m = manifests(overlay);
        @SuppressWarnings("unchecked")
        Map<String, Object> telemetry = (Map<String, Object>) Manifests.overlayValues(overlay).get("telemetry");
        assertThat(telemetry).as("%s: telemetry values", overlay).isNotNull();
        String expected = String.valueOf(telemetry.get("otlpEndpoint"));
        assertThat(expected).as("%s sets a collector", overlay).startsWith("http");
        for (String service : ServiceCode.modules()) {
            for (Deployment deployment : deploymentsOf(m, service)) {
                assertThat(container(deployment).getEnv())
                        .filteredOn(variable -> variable.getName().equals("OTEL_EXPORTER_OTLP_ENDPOINT"))
                        .singleElement().satisfies(variable -> assertThat(variable.getValue()).isEqualTo(expected));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void nativeIngressMayCallEveryRpcAndNothingElseMay(String overlay) {
        Manifests m = manifests(overlay);
        String nativeIngress = nativeIngressPrincipal(m);
        assertThat(nativeIngress).isNotEqualTo(ingressPrincipal(m));
        for (String service : ServiceCode.modules()) {
            Contracts.Service contract = contracts.service(grpcServiceOf(service));
            Set<String> allowed = allowedCalls(m, service).stream().filter(grant -> grant.startsWith(nativeIngress + " "))
                    .map(grant -> grant.substring(grant.lastIndexOf('/') + 1)).collect(Collectors.toSet());
            assertThat(new TreeSet<>(allowed))
                    .as("%s: values.yaml browserMethods + nativeOnlyMethods = every RPC of the contract", service)
                    .isEqualTo(new TreeSet<>(contract.methods().keySet()));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void nativeIngressRoutesEveryServiceOverHttp2WithStreamsOpenAndNoBrowserExtras(String overlay) {
        Manifests m = manifests(overlay);
        Gateway browser = m.get(Gateway.class, "cohort-ingress");
        Gateway nativeGateway = m.get(Gateway.class, "cohort-grpc-ingress");
        assertThat(nativeGateway.getSpec().getSelector()).as("its own gateway pods, so its own principal")
                .isNotEqualTo(browser.getSpec().getSelector());
        assertThat(nativeGateway.getSpec().getServers()).singleElement().satisfies(server -> {
            assertThat(server.getPort().getProtocol()).isEqualTo("HTTPS");
            assertThat(server.getTls().getCredentialName()).isNotBlank();
            assertThat(server.getHosts()).doesNotContainAnyElementsOf(browser.getSpec().getServers().get(0).getHosts());
        });
        assertThat(m.all(RequestAuthentication.class)).as("tokens checked at the native edge too")
                .filteredOn(rule -> rule.getSpec().getSelector() != null)
                .anySatisfy(rule -> assertThat(rule.getSpec().getSelector().getMatchLabels())
                        .isEqualTo(nativeGateway.getSpec().getSelector()));
        VirtualService edge = m.get(VirtualService.class, "cohort-grpc-ingress");
        assertThat(edge.getSpec().getGateways()).containsExactly("cohort-grpc-ingress");
        assertThat(edge.getSpec().getHttp()).allSatisfy(route -> assertThat(route.getCorsPolicy()).isNull());
        Set<String> streamed = new HashSet<>();
        Set<String> routed = new HashSet<>();
        for (HTTPRoute route : edge.getSpec().getHttp()) {
            route.getMatch().forEach(match -> {
                if (route.getTimeout().equals("0s")) {
                    streamed.add(exactPath(match.getUri()));
                } else {
                    routed.add(route.getRoute().get(0).getDestination().getHost().split("\\.")[0]);
                }
            });
        }
        assertThat(routed).containsExactlyInAnyOrderElementsOf(ServiceCode.modules());
        Set<String> streams = new HashSet<>();
        for (String service : ServiceCode.modules()) {
            Contracts.Service contract = contracts.service(grpcServiceOf(service));
            contract.streamingMethods().forEach(rpc -> streams.add("/" + contract.fullName() + "/" + rpc));
        }
        assertThat(streamed).as("every stream, chat's Connect and the catalog import included, without a timeout")
                .isEqualTo(streams).contains("/cohort.chat.v1.ChatService/Connect");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void routesRetryUnavailableOnlyLeaveStreamsOpenAndSplitForTheCanary(String overlay) {
        Manifests m = manifests(overlay);
        for (String service : ServiceCode.modules()) {
            Contracts.Service contract = contracts.service(grpcServiceOf(service));
            VirtualService routes = m.get(VirtualService.class, service);
            Set<String> streamed = new HashSet<>();
            for (HTTPRoute route : routes.getSpec().getHttp()) {
                int weights = route.getRoute().stream().mapToInt(d -> d.getWeight() == null ? 100 : d.getWeight()).sum();
                assertThat(weights).isEqualTo(100);
                assertThat(route.getRoute()).extracting(d -> d.getDestination().getSubset())
                        .isSubsetOf("stable", "canary");
                if (route.getMatch() == null || route.getMatch().isEmpty()) {
                    assertThat(route.getRetries().getRetryOn()).isEqualTo("unavailable");
                    assertThat(route.getTimeout()).isNotEqualTo("0s");
                } else {
                    assertThat(route.getTimeout()).isEqualTo("0s");
                    route.getMatch().forEach(match -> streamed.add(exactPath(match.getUri())));
                }
            }
            assertThat(streamed).as("%s: streaming RPCs routed without a timeout", service)
                    .isEqualTo(contract.streamingMethods().stream().map(rpc -> "/" + contract.fullName() + "/" + rpc)
                            .collect(Collectors.toSet()));
            DestinationRule rule = m.get(DestinationRule.class, service);
            assertThat(rule.getSpec().getSubsets()).extracting(s -> s.getName()).containsExactly("stable", "canary");
            assertThat(rule.getSpec().getTrafficPolicy().getOutlierDetection()).isNotNull();
            assertThat(rule.getSpec().getTrafficPolicy().getConnectionPool().getHttp()).isNotNull();
        }
    }

    @Test
    void prodSendsTheCanaryItsShareAndDevHasNone() {
        Manifests prod = manifests("prod");
        HTTPRoute calls = prod.get(VirtualService.class, "chat").getSpec().getHttp().stream()
                .filter(r -> "calls".equals(r.getName())).findFirst().orElseThrow();
        assertThat(calls.getRoute()).extracting(HTTPRouteDestination::getWeight).containsExactly(90, 10);
        Deployment canary = prod.find(Deployment.class, Manifests.NAMESPACE, "chat-canary").orElseThrow();
        assertThat(container(canary).getImage()).as("the canary runs the release candidate")
                .isNotEqualTo(container(prod.get(Deployment.class, "chat")).getImage());
        assertThat(canary.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("version", "canary");
        assertThat(manifests("dev").find(Deployment.class, Manifests.NAMESPACE, "chat-canary")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void ingressTranscodesRestWithTheBuildDescriptorSetAndRoutesEveryService(String overlay) throws Exception {
        Manifests m = manifests(overlay);
        EnvoyFilter filter = m.find(EnvoyFilter.class, "istio-system", "cohort-grpc-json-transcoder").orElseThrow();
        Object patch = filter.getSpec().getConfigPatches().get(0).getPatch().getValue();
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) (patch instanceof RawExtension raw ? raw.getValue() : patch);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) value.get("typed_config");
        assertThat(value.get("name")).isEqualTo("envoy.filters.http.grpc_json_transcoder");
        assertThat(Base64.getDecoder().decode((String) config.get("proto_descriptor_bin")))
                .isEqualTo(Files.readAllBytes(Manifests.chart().resolve("files/cohort.binpb")));
        assertThat(config.get("services")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrderElementsOf(ServiceCode.modules().stream().map(ManifestsTest::grpcServiceOf).toList());
        VirtualService edge = m.get(VirtualService.class, "cohort-ingress");
        assertThat(edge.getSpec().getGateways()).containsExactly("cohort-ingress");
        for (String service : ServiceCode.modules()) {
            assertThat(edge.getSpec().getHttp()).anySatisfy(route -> {
                assertThat(route.getRoute()).singleElement().satisfies(d -> {
                    assertThat(d.getDestination().getHost()).startsWith(service + ".");
                    assertThat(d.getDestination().getPort().getNumber())
                            .isEqualTo((long) ServiceCode.load(service).grpcPort());
                });
                assertThat(route.getCorsPolicy().getExposeHeaders()).contains("grpc-status", "grpc-message");
            });
        }
    }

    // --- reading the rendered resources ---

    private static List<Deployment> deploymentsOf(Manifests m, String service) {
        return m.all(Deployment.class).stream()
                .filter(d -> service.equals(d.getMetadata().getLabels().get("app.kubernetes.io/name"))).toList();
    }

    private static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** The gRPC service a service module serves: the one of its proto package. */
    private static String grpcServiceOf(String service) {
        List<String> candidates = contracts.services().keySet().stream()
                .filter(name -> name.startsWith("cohort." + service + ".v1.")).toList();
        assertThat(candidates).as("gRPC services of %s", service).hasSize(1);
        return candidates.get(0);
    }

    private static String principal(String service) {
        return "cluster.local/ns/" + Manifests.NAMESPACE + "/sa/" + service;
    }

    /** The ingress gateway's mesh identity (Istio's default installation; values.yaml istio.ingress). */
    private static String ingressPrincipal(Manifests m) {
        return "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account";
    }

    /** The native ingress gateway's mesh identity (values.yaml istio.nativeIngress). */
    private static String nativeIngressPrincipal(Manifests m) {
        return "cluster.local/ns/istio-system/sa/cohort-grpc-ingressgateway";
    }

    /** "principal path" pairs an AuthorizationPolicy selecting this service allows. */
    private static Set<String> allowedCalls(Manifests m, String service) {
        Set<String> grants = new TreeSet<>();
        for (AuthorizationPolicy policy : m.all(AuthorizationPolicy.class)) {
            var selector = policy.getSpec().getSelector();
            if (selector == null || !service.equals(selector.getMatchLabels().get("app.kubernetes.io/name"))) {
                continue;
            }
            for (Rule rule : policy.getSpec().getRules()) {
                assertThat(rule.getWhen()).as("no conditions that widen a rule").isNullOrEmpty();
                for (RuleFrom from : rule.getFrom()) {
                    assertThat(from.getSource().getNamespaces()).as("callers by principal only").isNullOrEmpty();
                    for (String principal : from.getSource().getPrincipals()) {
                        assertThat(principal).doesNotContain("*");
                        for (RuleTo to : rule.getTo()) {
                            for (String path : to.getOperation().getPaths()) {
                                assertThat(path).doesNotContain("*");
                                grants.add(principal + " " + path);
                            }
                        }
                    }
                }
            }
        }
        return grants;
    }

    private static String exactPath(io.fabric8.istio.api.api.networking.v1alpha3.StringMatch match) {
        Object type = match.getMatchType();
        assertThat(type).isInstanceOf(io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact.class);
        return ((io.fabric8.istio.api.api.networking.v1alpha3.StringMatchExact) type).getExact();
    }
}
