package dev.berth.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules every Deployment Berth renders keeps, workloads and add-ons alike, read from the typed objects: never root,
 * no privilege escalation, no capability, the default seccomp profile, requests and limits, probes, a read-only root
 * where asked, images pinned by tag.
 */
class DeploymentRulesTest {

    static final List<Deployment> DEPLOYMENTS = Fabric8.parseAll(Clusters.notejamManifests().yaml()).stream()
            .filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    static final List<String> WORKLOADS = Clusters.notejam().stream().map(Workload.Props::name).toList();

    static Stream<Deployment> deployments() {
        return DEPLOYMENTS.stream();
    }

    @Test
    void theWorkloadsAndTheAddOnsAreAllChecked() {
        assertThat(DEPLOYMENTS).extracting(deployment -> deployment.getMetadata().getName())
                .containsExactlyInAnyOrder("web", "api", "worker", "status", "traefik", "metrics-server");
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void podsRunAsNoRootWithTheRuntimesSeccompProfile(Deployment deployment) {
        PodSecurityContext pod = spec(deployment).getSecurityContext();
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser() == null || pod.getRunAsUser() > 0).as("a user of its own is not root").isTrue();
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void containersCannotEscalateAndHaveNoCapability(Deployment deployment) {
        for (Container container : spec(deployment).getContainers()) {
            SecurityContext security = container.getSecurityContext();
            assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
            assertThat(security.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).as(container.getName()).isNullOrEmpty();
            assertThat(security.getPrivileged()).as(container.getName()).isNotEqualTo(Boolean.TRUE);
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void containersHaveRequestsAndLimitsOfCpuAndMemory(Deployment deployment) {
        for (Container container : spec(deployment).getContainers()) {
            assertThat(container.getResources().getRequests()).as(container.getName()).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(container.getName()).containsKeys("cpu", "memory");
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void containersHaveProbesAndWorkloadsAllThree(Deployment deployment) {
        for (Container container : spec(deployment).getContainers()) {
            assertThat(container.getReadinessProbe()).as(container.getName()).isNotNull();
            assertThat(container.getLivenessProbe()).as(container.getName()).isNotNull();
            if (WORKLOADS.contains(deployment.getMetadata().getName())) {
                assertThat(container.getStartupProbe()).as(container.getName()).isNotNull();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void imagesArePinnedByTagOrDigest(Deployment deployment) {
        for (Container container : spec(deployment).getContainers()) {
            String image = container.getImage();
            String lastSegment = image.substring(image.lastIndexOf('/') + 1);
            assertThat(lastSegment.contains(":") || image.contains("@sha256:")).as(image).isTrue();
            assertThat(image).doesNotEndWith(":latest");
        }
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void aReadOnlyRootHasAWritableTmp(Deployment deployment) {
        PodSpec spec = spec(deployment);
        for (Container container : spec.getContainers()) {
            if (Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem())) {
                assertThat(container.getVolumeMounts()).as(container.getName())
                        .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
            }
        }
        assertThat(spec.getVolumes()).allSatisfy(volume -> assertThat(volume.getEmptyDir()).isNotNull());
    }

    @Test
    void theRootIsReadOnlyUnlessTheServiceSaysOtherwise() {
        Map<String, Boolean> readOnly = DEPLOYMENTS.stream().collect(Collectors.toMap(
                deployment -> deployment.getMetadata().getName(),
                deployment -> spec(deployment).getContainers().getFirst().getSecurityContext().getReadOnlyRootFilesystem()));
        assertThat(readOnly).containsEntry("web", true).containsEntry("traefik", true).containsEntry("metrics-server", true)
                .containsEntry("worker", false);
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void workloadsGetNoApiTokenAndStopQuietly(Deployment deployment) {
        if (!WORKLOADS.contains(deployment.getMetadata().getName())) {
            return;
        }
        PodSpec spec = spec(deployment);
        assertThat(spec.getAutomountServiceAccountToken()).isFalse();
        assertThat(spec.getServiceAccountName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(spec.getContainers().getFirst().getLifecycle().getPreStop().getSleep().getSeconds())
                .isEqualTo((long) RestrictedPods.PRE_STOP_SLEEP_SECONDS);
        assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(40L);
        assertThat(spec.getTopologySpreadConstraints()).extracting(constraint -> constraint.getTopologyKey())
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(deployment.getSpec().getReplicas()).as("the autoscaler's to set").isNull();
    }

    private static PodSpec spec(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec();
    }
}
