package dev.berth.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.platform.compute.WebService;
import dev.berth.platform.kubernetes.Workload.SecretVariable;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What the rendered objects say, read back through fabric8's typed model. */
class KubernetesManifestsTest {

    static final List<HasMetadata> OBJECTS = Fabric8.parseAll(Clusters.notejamManifests().yaml()).stream()
            .map(HasMetadata.class::cast).toList();

    static <T extends HasMetadata> T find(Class<T> type, String name) {
        return OBJECTS.stream().filter(type::isInstance).map(type::cast)
                .filter(object -> object.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    @Test
    void twoRendersOfTheSameInputAreTheSameText() {
        KubernetesManifests first = Clusters.notejamManifests();
        KubernetesManifests second = Clusters.notejamManifests();
        assertThat(second.yaml()).isEqualTo(first.yaml());
        assertThat(second.secretSync()).isEqualTo(first.secretSync());
        assertThat(first.yaml()).isEqualTo(first.yaml());
        assertThat(first.yaml()).startsWith("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: notejam-dev\n");
    }

    @Test
    void objectsComeInApplyOrder() {
        List<String> kinds = OBJECTS.stream().map(HasMetadata::getKind).toList();
        assertThat(kinds.subList(0, 2)).containsOnly("Namespace");
        assertThat(kinds.lastIndexOf("ServiceAccount")).isLessThan(kinds.indexOf("ClusterRole"));
        assertThat(kinds.lastIndexOf("RoleBinding")).isLessThan(kinds.indexOf("ConfigMap"));
        assertThat(kinds.lastIndexOf("NetworkPolicy")).as("policies before the pods they guard")
                .isLessThan(kinds.indexOf("Deployment"));
        assertThat(kinds.indexOf("IngressClass")).isLessThan(kinds.indexOf("Ingress"));
    }

    @Test
    void namespacesEnforceTheRestrictedPodSecurityOfThePinnedRelease() {
        for (String name : List.of(Clusters.NAMESPACE, KubernetesManifests.INGRESS_NAMESPACE)) {
            Map<String, String> labels = find(Namespace.class, name).getMetadata().getLabels();
            assertThat(labels).containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                    .containsEntry("pod-security.kubernetes.io/enforce-version", "v1.37")
                    .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                    .containsEntry("pod-security.kubernetes.io/audit", "restricted");
        }
    }

    @Test
    void eachServiceScalesOnCpuBetweenItsBounds() {
        HorizontalPodAutoscaler web = find(HorizontalPodAutoscaler.class, "web");
        assertThat(web.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(web.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(web.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(web.getSpec().getScaleTargetRef().getName()).isEqualTo("web");
        assertThat(web.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        });
        assertThat(find(HorizontalPodAutoscaler.class, "worker").getSpec().getMaxReplicas()).isEqualTo(4);
    }

    @Test
    void aDrainTakesOnePodOfAServiceAtATimeEvenOfASingleOne() {
        for (String name : List.of("web", "api", "worker", "status", IngressController.NAME)) {
            PodDisruptionBudget budget = find(PodDisruptionBudget.class, name);
            assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
            assertThat(budget.getSpec().getMinAvailable()).isNull();
            assertThat(budget.getSpec().getSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of(Labels.NAME, name));
        }
    }

    @Test
    void aServiceTakesConnectionsFromItsCallersAndTheIngressControllerOnly() {
        assertThat(sources(find(NetworkPolicy.class, "api"))).containsExactly("traefik in berth-ingress", "web");
        assertThat(sources(find(NetworkPolicy.class, "worker"))).as("internal: called by api, not by web").containsExactly("api");
        assertThat(sources(find(NetworkPolicy.class, "web"))).containsExactly("traefik in berth-ingress");
        NetworkPolicy worker = find(NetworkPolicy.class, "worker");
        assertThat(worker.getSpec().getIngress().getFirst().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort()).isEqualTo(new IntOrString(8080)));
        assertThat(worker.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    }

    @Test
    void aServiceNobodyCallsAndNothingRoutesToTakesNoConnection() {
        List<Workload.Props> alone = List.of(Workload.Props.builder().name("jobs").image("jobs:1").build());
        NetworkPolicy jobs = Fabric8.parseAll(Clusters.manifests(alone).yaml()).stream()
                .filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast)
                .filter(policy -> policy.getMetadata().getName().equals("jobs")).findFirst().orElseThrow();
        assertThat(jobs.getSpec().getIngress()).isEmpty();
        assertThat(jobs.getSpec().getPolicyTypes()).contains("Ingress");
    }

    @Test
    void aServiceReachesDnsItsCalleesItsRangesAndHttpsWhenAllowed() {
        List<NetworkPolicyEgressRule> api = find(NetworkPolicy.class, "api").getSpec().getEgress();
        assertThat(api).extracting(KubernetesManifestsTest::describe).containsExactly(
                "kube-dns in kube-system UDP 53 TCP 53",
                "worker TCP 8080",
                Clusters.DATABASE_SUBNETS + " TCP 5432",
                Clusters.CACHE_SUBNETS + " TCP 6379",
                "0.0.0.0/0 except [169.254.169.254/32] TCP 443");
        assertThat(find(NetworkPolicy.class, "web").getSpec().getEgress()).extracting(KubernetesManifestsTest::describe)
                .containsExactly("kube-dns in kube-system UDP 53 TCP 53", "api TCP 9090");
        assertThat(find(NetworkPolicy.class, "worker").getSpec().getEgress()).extracting(KubernetesManifestsTest::describe)
                .as("no callee, no range, no HTTPS").containsExactly("kube-dns in kube-system UDP 53 TCP 53");
    }

    @Test
    void everyPodOfTheNamespaceIsIsolatedBothWays() {
        NetworkPolicy deny = find(NetworkPolicy.class, NetworkPolicies.DEFAULT_DENY);
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isEmpty();
        assertThat(deny.getSpec().getEgress()).isEmpty();
    }

    @Test
    void routedServicesHaveTraefiksIngressWithTheirPath() {
        assertThat(path(find(Ingress.class, "web"))).isEqualTo("Prefix / -> web:8080");
        assertThat(path(find(Ingress.class, "api"))).isEqualTo("Prefix /api -> api:9090");
        assertThat(path(find(Ingress.class, "status"))).isEqualTo("Exact /status -> status:8080");
        assertThat(OBJECTS).filteredOn(Ingress.class::isInstance).extracting(object -> object.getMetadata().getName())
                .as("worker is internal").containsExactly("web", "api", "status");
        assertThat(find(Ingress.class, "web").getSpec().getIngressClassName()).isEqualTo("traefik");
    }

    @Test
    void servicesAreClusterIpsOnTheirPort() {
        Service api = find(Service.class, "api");
        assertThat(api.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(api.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(9090);
            assertThat(port.getTargetPort()).isEqualTo(new IntOrString("http"));
        });
    }

    @Test
    void variablesComeInOrderAndSecretsFromTheServicesSecret() {
        List<EnvVar> web = find(Deployment.class, "web").getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv();
        assertThat(web).extracting(EnvVar::getName)
                .containsExactly("SPRING_PROFILES_ACTIVE", "CACHE_ENABLED", "SERVER_PORT", Workload.PUBLIC_URL);
        assertThat(web).extracting(EnvVar::getValue).containsExactly("prod", "y", "8080", "https://notejam.example.com");
        List<EnvVar> api = find(Deployment.class, "api").getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv();
        assertThat(api).extracting(variable -> variable.getName() + " <- " + variable.getValueFrom().getSecretKeyRef().getName()
                + "/" + variable.getValueFrom().getSecretKeyRef().getKey()).containsExactly(
                "DATABASE_USER <- api-secrets/DATABASE_USER",
                "DATABASE_PASSWORD <- api-secrets/DATABASE_PASSWORD",
                "MAIL_API_KEY <- api-secrets/MAIL_API_KEY");
        assertThat(Workload.PUBLIC_URL).as("the same variable as on ECS").isEqualTo(WebService.PUBLIC_URL);
    }

    @Test
    void theTierIsRequestedAndTheLimit() {
        var resources = find(Deployment.class, "api").getSpec().getTemplate().getSpec().getContainers().getFirst().getResources();
        assertThat(resources.getRequests().get("cpu").toString()).isEqualTo("1000m");
        assertThat(resources.getRequests().get("memory").toString()).isEqualTo("2048Mi");
        assertThat(resources.getLimits()).isEqualTo(resources.getRequests());
    }

    @Test
    void coreDnsAnswersEachServicesEcsNameWithItsClusterName() {
        String corefile = find(ConfigMap.class, CoreDns.NAME).getData().get("Corefile");
        assertThat(corefile.lines().filter(line -> line.contains("rewrite")).map(String::strip)).containsExactly(
                "rewrite name exact web.notejam.local web.notejam-dev.svc.cluster.local",
                "rewrite name exact api.notejam.local api.notejam-dev.svc.cluster.local",
                "rewrite name exact worker.notejam.local worker.notejam-dev.svc.cluster.local",
                "rewrite name exact status.notejam.local status.notejam-dev.svc.cluster.local");
        assertThat(corefile).as("kubeadm's own, the other names to the VPC's resolver")
                .contains("kubernetes cluster.local in-addr.arpa ip6.arpa {", "forward . /etc/resolv.conf {", "cache 30 {",
                        "loop\n", "reload\n");
        assertThat(find(ConfigMap.class, CoreDns.NAME).getMetadata().getNamespace()).isEqualTo("kube-system");
    }

    @Test
    void theSecretSyncGetsOneLinePerSecretVariableInOrder() {
        assertThat(Clusters.notejamManifests().secretSync()).isEqualTo("""
                # NAMESPACE\tSECRET_OBJECT\tKEY\tSECRET_ID\tJSON_FIELD
                notejam-dev\tapi-secrets\tDATABASE_USER\tnotejam/dev/database\tusername
                notejam-dev\tapi-secrets\tDATABASE_PASSWORD\tnotejam/dev/database\tpassword
                notejam-dev\tapi-secrets\tMAIL_API_KEY\t%s\t-
                notejam-dev\tworker-secrets\tQUEUE_TOKEN\tnotejam/dev/queue\t-
                """.formatted(Clusters.MAIL_SECRET));
        assertThat(Clusters.manifests(List.of()).secretSync()).isEqualTo(SecretSync.HEADER);
    }

    @Test
    void theLoadBalancerReachesTraefikOnTheFixedNodePortAndChecksItsPing() {
        Service traefik = find(Service.class, IngressController.NAME);
        assertThat(traefik.getMetadata().getNamespace()).isEqualTo(KubernetesManifests.INGRESS_NAMESPACE);
        assertThat(traefik.getSpec().getType()).isEqualTo("NodePort");
        ServicePort port = traefik.getSpec().getPorts().getFirst();
        assertThat(port.getNodePort()).isEqualTo(30080).isEqualTo(KubernetesManifests.INGRESS_NODE_PORT);
        assertThat(port.getTargetPort()).isEqualTo(new IntOrString("web"));
        var container = find(Deployment.class, IngressController.NAME).getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getArgs()).contains("--entrypoints.web.address=:8000", "--ping=true", "--ping.entrypoint=web",
                "--providers.kubernetesingress=true", "--accesslog.format=json");
        assertThat(container.getPorts().getFirst().getContainerPort()).isEqualTo(8000);
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo(KubernetesManifests.INGRESS_HEALTH_PATH)
                .isEqualTo("/ping");
        assertThat(container.getImage()).isEqualTo("public.ecr.aws/docker/library/traefik:v3.6.8");
        assertThat(find(Deployment.class, IngressController.NAME).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void traefikReadsSecretsOfTheEnvironmentsNamespaceOnly() {
        Role role = find(Role.class, "berth-traefik");
        assertThat(role.getMetadata().getNamespace()).isEqualTo(Clusters.NAMESPACE);
        assertThat(role.getRules()).flatExtracting(PolicyRule::getResources)
                .containsExactly("services", "secrets", "endpointslices", "ingresses", "ingresses/status");
        assertThat(find(ClusterRole.class, "berth-traefik").getRules()).flatExtracting(PolicyRule::getResources)
                .containsExactly("ingressclasses", "nodes");
    }

    @Test
    void metricsServerChecksTheKubeletsCertificates() {
        var container = find(Deployment.class, MetricsServer.NAME).getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getArgs()).noneMatch(argument -> argument.contains("insecure"));
        assertThat(container.getImage()).isEqualTo("registry.k8s.io/metrics-server/metrics-server:v0.8.1");
    }

    @Test
    void inputKubernetesWouldRefuseIsRefusedWithTheService() {
        refused(b -> b.image("web:latest"), "pinned");
        refused(b -> b.image("registry.example.com:5000/web"), "pinned");
        refused(b -> b.name("Web"), "DNS label");
        refused(b -> b.name("9web"), "DNS label");
        refused(b -> b.replicas(3, 2), "replicas");
        refused(b -> b.replicas(0, 2), "replicas");
        refused(b -> b.healthCheckPath("health"), "health check path");
        refused(b -> b.runAsUser(0), "root");
        refused(b -> b.variables(Map.of("DATABASE_PASSWORD", "x"))
                .secrets(List.of(SecretVariable.whole("DATABASE_PASSWORD", "db"))), "given twice");
        refused(b -> b.variables(Map.of("BAD-NAME", "x")), "variable name");
        refused(b -> b.calls(List.of("web")), "lists itself");
        assertThatThrownBy(() -> SecretVariable.whole("TOKEN", "my\tsecret")).hasMessageContaining("without blanks");
        assertThatThrownBy(() -> SecretVariable.field("TOKEN", "secret", "-")).hasMessageContaining("whole secret");
        assertThatThrownBy(() -> new Workload.EgressRule("10.0.0.0/33", 5432)).hasMessageContaining("CIDR");
    }

    @Test
    void anEnvironmentKubernetesWouldRefuseIsRefused() {
        List<Workload.Props> notejam = Clusters.notejam();
        assertThatThrownBy(() -> Clusters.manifests(List.of(notejam.get(0)))).as("web calls api, absent")
                .hasMessageContaining("calls api, which is not a service of this cluster");
        assertThatThrownBy(() -> Clusters.manifests(List.of(notejam.get(2), notejam.get(2)))).hasMessageContaining("given twice");
        Workload.Props otherDefault = Workload.Props.builder().name("site").image("site:1").route("/*").build();
        assertThatThrownBy(() -> Clusters.manifests(List.of(notejam.get(3), otherDefault, notejam.get(1), notejam.get(2),
                withoutCalls(notejam.get(0))))).hasMessageContaining("services site and web have the same route, Prefix /");
        Workload.Props ping = Workload.Props.builder().name("ping").image("ping:1").route("/ping/*").build();
        assertThatThrownBy(() -> Clusters.manifests(List.of(ping)))
                .hasMessageContaining("Traefik answers every path starting with /ping");
        for (String namespace : List.of("kube-system", KubernetesManifests.INGRESS_NAMESPACE, "Notejam")) {
            assertThatThrownBy(() -> KubernetesManifests.builder().namespace(namespace).project("notejam")
                    .serviceDomain("notejam.local").build()).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Workload.Props withoutCalls(Workload.Props web) {
        return Workload.Props.builder().name(web.name()).image("web:1").route("/").build();
    }

    private static void refused(UnaryOperator<Workload.Props.Builder> change, String message) {
        Workload.Props.Builder builder = Workload.Props.builder().name("web").image("registry.example.com/web:1");
        assertThatThrownBy(() -> change.apply(builder).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    private static List<String> sources(NetworkPolicy policy) {
        List<String> sources = new ArrayList<>();
        for (NetworkPolicyPeer peer : policy.getSpec().getIngress().getFirst().getFrom()) {
            String pods = peer.getPodSelector().getMatchLabels().get(Labels.NAME);
            sources.add(peer.getNamespaceSelector() == null ? pods
                    : pods + " in " + peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
        }
        return sources;
    }

    private static String describe(NetworkPolicyEgressRule rule) {
        NetworkPolicyPeer peer = rule.getTo().getFirst();
        String to;
        if (peer.getIpBlock() != null) {
            List<String> except = peer.getIpBlock().getExcept();
            to = peer.getIpBlock().getCidr() + (except.isEmpty() ? "" : " except " + except);
        } else {
            to = Objects.requireNonNullElse(peer.getPodSelector().getMatchLabels().get(Labels.NAME),
                    peer.getPodSelector().getMatchLabels().get("k8s-app"));
            if (peer.getNamespaceSelector() != null) {
                to += " in " + peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
            }
        }
        StringBuilder description = new StringBuilder(to);
        rule.getPorts().forEach(port -> description.append(' ').append(port.getProtocol()).append(' ')
                .append(port.getPort().getIntVal()));
        return description.toString();
    }

    private static String path(Ingress ingress) {
        HTTPIngressPath path = ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst();
        return path.getPathType() + " " + path.getPath() + " -> " + path.getBackend().getService().getName() + ":"
                + path.getBackend().getService().getPort().getNumber();
    }
}
