package dev.berth.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;

/**
 * Every object Berth renders is one Kubernetes 1.37 takes: each YAML document reads into fabric8's typed model (made
 * from 1.37.0's OpenAPI) with no unknown field at any depth and no value of the wrong type; and documents broken those
 * ways are refused, so the check is known to bite.
 */
class KubernetesSchemaTest {

    /**
     * The API versions Kubernetes 1.37 serves for the kinds Berth makes. fabric8's model also has versions Kubernetes
     * no longer serves (policy/v1beta1, autoscaling/v2beta2...), so a class in the model does not prove the pair is
     * served; all of these are GA versions, which Kubernetes does not remove within v1.
     */
    static final Set<String> SERVED_IN_1_37 = Set.of(
            "v1 Namespace", "v1 ServiceAccount", "v1 Service", "v1 ConfigMap",
            "apps/v1 Deployment",
            "rbac.authorization.k8s.io/v1 ClusterRole", "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
            "rbac.authorization.k8s.io/v1 Role", "rbac.authorization.k8s.io/v1 RoleBinding",
            "networking.k8s.io/v1 Ingress", "networking.k8s.io/v1 IngressClass", "networking.k8s.io/v1 NetworkPolicy",
            "autoscaling/v2 HorizontalPodAutoscaler",
            "policy/v1 PodDisruptionBudget",
            "apiregistration.k8s.io/v1 APIService");

    static Stream<Arguments> environments() {
        return Stream.of(
                Arguments.of("notejam", Clusters.notejamManifests()),
                Arguments.of("one internal service", Clusters.manifests(List.of(Workload.Props.builder()
                        .name("jobs").image("registry.example.com/jobs:2").build()))),
                Arguments.of("no service", Clusters.manifests(List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void everyDocumentReadsIntoTheModelStrictly(String name, KubernetesManifests manifests) {
        List<Map<String, Object>> documents = Fabric8.documents(manifests.yaml());
        assertThat(documents).hasSameSizeAs(manifests.objects());
        for (Map<String, Object> document : documents) {
            KubernetesResource resource = Fabric8.parse(document);
            HasMetadata typed = (HasMetadata) resource;
            assertThat(typed.getApiVersion() + " " + typed.getKind()).isIn(SERVED_IN_1_37);
            assertThat(typed.getMetadata().getName()).isNotBlank();
            // Nothing lost or changed in the reading: the typed object writes back to the document.
            assertThat(Fabric8.plain(resource)).isEqualTo(Fabric8.plain(document));
        }
    }

    @Test
    void theModelClassesAreThoseOfTheirKinds() {
        Set<String> kinds = new TreeSet<>();
        for (KubernetesResource resource : Fabric8.parseAll(Clusters.notejamManifests().yaml())) {
            kinds.add(resource.getClass().getName());
        }
        assertThat(kinds).contains("io.fabric8.kubernetes.api.model.apps.Deployment",
                "io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler",
                "io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget",
                "io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy",
                "io.fabric8.kubernetes.api.model.APIService");
    }

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              %s
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: web:1
                      ports:
                        - containerPort: %s
            """;

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("a misspelled field", DEPLOYMENT.formatted("replica: 2", "8080"), "replica"),
                Arguments.of("a string for an integer", DEPLOYMENT.formatted("replicas: 2", "\"x\""), "Integer"),
                Arguments.of("a number in quotes", DEPLOYMENT.formatted("replicas: \"2\"", "8080"), "Integer"),
                Arguments.of("a boolean for a string", DEPLOYMENT.formatted("minReadySeconds: 0", "8080")
                        .replace("app: web\n  template", "app: true\n  template"), "Boolean"),
                Arguments.of("an unknown field deep down", DEPLOYMENT.formatted("replicas: 2", "8080")
                        .replace("image: web:1", "image: web:1\n          imagePullPolicy: Always\n          readinesProbe: {}"),
                        "readinesProbe"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenDocumentsAreRefused(String name, String yaml, String problem) {
        Map<String, Object> document = Fabric8.documents(yaml).getFirst();
        assertThatThrownBy(() -> Fabric8.parse(document)).isInstanceOf(JacksonException.class).hasMessageContaining(problem);
    }

    @Test
    void theSameDocumentUnbrokenIsTaken() {
        Map<String, Object> document = Fabric8.documents(DEPLOYMENT.formatted("replicas: 2", "8080")).getFirst();
        assertThat(((Deployment) Fabric8.parse(document)).getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aKindTheModelDoesNotHaveIsRefused() {
        Map<String, Object> document = Fabric8.documents("""
                apiVersion: apps/v2
                kind: Deployment
                metadata:
                  name: web
                """).getFirst();
        assertThatThrownBy(() -> Fabric8.parse(document)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apps/v2 Deployment");
    }
}
