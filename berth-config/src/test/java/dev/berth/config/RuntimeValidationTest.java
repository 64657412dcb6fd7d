package dev.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.model.ComputeModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.InstanceType;
import dev.berth.model.Runtime;
import dev.berth.model.ServiceModel;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where services run: the runtime chosen per environment and per service, the instances, and what cannot work. */
class RuntimeValidationTest {

    /** web (default route) and api (/api/*); web's extra keys from line 6, api's from line 9. */
    private static String services(String web, String api, String tail) {
        return """
                project: shop
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: shop/web}
                """ + web + """
                  - name: api
                    image: {repository: shop/api}
                    path: /api/*
                """ + api + tail;
    }

    private static EnvironmentModel environment(String yaml, String name) {
        return BerthYaml.parse(Path.of("berth.yaml"), new StringReader(yaml)).environment(name).orElseThrow();
    }

    private static Runtime runtimeOf(EnvironmentModel environment, String service) {
        return environment.services().named(service).map(ServiceModel::runtime).orElseThrow();
    }

    @Test
    void aServiceRunsWhereItSaysOverTheEnvironmentAndAnOverrideMovesItInOneEnvironment() {
        String yaml = services("    runtime: kubernetes\n", "", """
                environments:
                  dev:
                    runtime: ec2
                  prod:
                    services:
                      web: {runtime: fargate}
                """);
        EnvironmentModel dev = environment(yaml, "dev");
        assertThat(runtimeOf(dev, "web")).isEqualTo(Runtime.Kubernetes.INSTANCE);
        assertThat(runtimeOf(dev, "api")).isEqualTo(Runtime.Ec2.INSTANCE);
        EnvironmentModel prod = environment(yaml, "prod");
        assertThat(runtimeOf(prod, "web")).isEqualTo(Runtime.Fargate.ON_DEMAND);
        assertThat(runtimeOf(prod, "api")).as("the prod profile's runtime").isEqualTo(Runtime.Fargate.ON_DEMAND);
        assertThat(runtimeOf(environment(services("", "", "environments:\n  dev: {}\n"), "dev"), "web"))
                .as("the dev profile's runtime").isEqualTo(Runtime.Fargate.SPOT);
    }

    @Test
    void theFilesRuntimeIsEveryEnvironmentsUnlessOneSaysOtherwise() {
        String yaml = "runtime: ec2\n" + services("", "", """
                environments:
                  dev: {}
                  prod: {runtime: fargate}
                """);
        assertThat(runtimeOf(environment(yaml, "dev"), "web")).isEqualTo(Runtime.Ec2.INSTANCE);
        assertThat(runtimeOf(environment(yaml, "prod"), "web")).isEqualTo(Runtime.Fargate.ON_DEMAND);
    }

    @Test
    void theInstancesAreTheFilesWithAnEnvironmentsKeysOverThem() {
        String yaml = services("", "", """
                ec2: {instance_types: [m7g.large, m6g.large], max: 6, spot: true}
                kubernetes: {instance_types: m6i.large, control_plane: t3.large, node_image: ami-0123456789abcdef0}
                environments:
                  dev:
                    ec2: {max: 2}
                  prod: {}
                """);
        ComputeModel dev = environment(yaml, "dev").part(ComputeModel.class);
        assertThat(dev.ec2().instanceTypes()).extracting(InstanceType::name).containsExactly("m7g.large", "m6g.large");
        assertThat(dev.ec2().architecture()).isEqualTo(InstanceType.Architecture.ARM64);
        assertThat(dev.ec2().maxNodes()).isEqualTo(2);
        assertThat(dev.ec2().minNodes()).as("the default").isZero();
        assertThat(dev.ec2().spot()).isTrue();
        assertThat(environment(yaml, "prod").part(ComputeModel.class).ec2().maxNodes()).isEqualTo(6);
        assertThat(dev.kubernetes().controlPlane().name()).isEqualTo("t3.large");
        assertThat(dev.kubernetes().workers().instanceTypes()).extracting(InstanceType::name).containsExactly("m6i.large");
        assertThat(dev.kubernetes().prebakedImage()).contains("ami-0123456789abcdef0");
    }

    @Test
    void eachTierHasItsPlaceOnTheInstances() {
        InstanceType medium = InstanceType.named("t3.medium").orElseThrow();
        // 4096 MiB × 94 % − 256 MiB for the OS and agent = 3594 MiB for tasks; 3 interfaces, one the instance's own.
        assertThat(ComputeModel.ecsTaskMemoryMiB(medium)).isEqualTo(3594);
        assertThat(ComputeModel.ecsTasksPerInstance(medium, dev.berth.model.SizeTier.MICRO, 0)).as("interface-bound").isEqualTo(2);
        assertThat(ComputeModel.ecsTasksPerInstance(medium, dev.berth.model.SizeTier.MEDIUM, 0)).as("memory-bound").isEqualTo(1);
        assertThat(ComputeModel.ecsTasksPerInstance(medium, dev.berth.model.SizeTier.LARGE, 0)).isZero();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                row("a runtime Berth does not have", services("    runtime: lambda\n", "", "environments:\n  dev: {}\n"),
                        "berth.yaml:6: services.web.runtime: expected one of fargate, fargate_spot, ec2, kubernetes, apprunner; got 'lambda'"),
                row("the old spelling of Fargate Spot", services("", "", "environments:\n  dev: {runtime: fargate-spot}\n"),
                        "berth.yaml:10: environments.dev.runtime: expected one of fargate, fargate_spot, ec2, kubernetes, apprunner; got 'fargate-spot'"
                                + " (did you mean 'fargate_spot'?)"),
                row("an instance type Berth does not know", services("", "", "ec2: {instance_types: t3.mediun}\nenvironments:\n  dev: {}\n"),
                        "berth.yaml:9: ec2.instance_types: 't3.mediun' is no instance type Berth sizes work for (did you mean 't3.medium'?);"
                                + " expected one of the t3, t3a, t4g, m6i, m7i, m6g, m7g, c6i, c7g, r6i or r7g sizes (docs/compute.md lists them)"),
                row("two architectures in one group", services("", "", "ec2: {instance_types: [m6i.large, m6g.large]}\nenvironments:\n  dev: {}\n"),
                        "berth.yaml:9: ec2.instance_types[1]: m6g.large is arm64 and m6i.large x86_64: one group runs one architecture,"
                                + " which its images are built for"),
                row("a control plane too small for kubeadm", services("", "", "kubernetes: {control_plane: t3.micro}\nenvironments:\n  dev: {}\n"),
                        "berth.yaml:9: kubernetes.control_plane: kubeadm needs at least 2 vCPU and 2 GiB for a control plane; t3.micro has"
                                + " 2 vCPU and 1 GiB"),
                row("a tier no instance holds", services("    runtime: ec2\n    size: large\n", "", "environments:\n  dev: {}\n"),
                        "berth.yaml:6: services.web.runtime: web runs on ec2 in dev: its size large (2.0 vCPU, 4096 MiB) fits no t3.medium,"
                                + " whose tasks share 3594 MiB and 2 vCPU; choose a smaller size, or ec2.instance_types such as t3.large"),
                row("more tasks than the instances take", services("", "", "environments:\n  dev:\n    runtime: ec2\n    ec2: {max: 2}\n"),
                        "berth.yaml:11: environments.dev.runtime: web runs on ec2 in dev: the services on ec2 may run 8 tasks, which need 4"
                                + " t3.medium instances (each takes at most 2 tasks: one per network interface beside its own), and ec2.max is 2;"
                                + " raise ec2.max, lower the services' max, or choose larger instance_types"),
                row("Kubernetes without a way to the internet", services("", "", "environments:\n  dev: {runtime: kubernetes, nat: none}\n"),
                        "berth.yaml:10: environments.dev.runtime: web runs on kubernetes in dev: the nodes install Kubernetes, containerd and"
                                + " the add-ons' images from the internet at boot, and nat: none gives them no way there; use a NAT gateway, or"
                                + " set kubernetes.node_image to an AMI that has them"),
                row("a VPC where the pods' addresses are", services("", "", "environments:\n  dev: {runtime: kubernetes, cidr: 192.168.0.0/16}\n"),
                        "berth.yaml:10: environments.dev.runtime: web runs on kubernetes in dev: the cluster's addresses 192.168.0.0/16"
                                + " overlap the VPC's 192.168.0.0/16; choose another cidr for the environment"),
                row("a pod no worker holds, a bucket, nginx, sleep and an ECS caller", services("    calls: [api]\n",
                        "    runtime: kubernetes\n    size: large\n    bucket: true\n    proxy: nginx\n    idle_after: 30m\n",
                        "environments:\n  dev: {}\n"),
                        "berth.yaml:10: services.api.runtime: api runs on kubernetes in dev: its size large (2.0 vCPU, 4096 MiB) fits no"
                                + " t3.medium worker, whose pods share 3082 MiB and 1650 millicores; choose a smaller size, or"
                                + " kubernetes.instance_types such as c6i.xlarge",
                        "berth.yaml:10: services.api.runtime: api runs on kubernetes in dev: pods get no AWS credentials (the nodes' metadata"
                                + " service is closed to them), so they cannot reach a bucket; run it on ECS, or leave bucket out",
                        "berth.yaml:10: services.api.runtime: api runs on kubernetes in dev: the cluster's ingress controller (Traefik) stands"
                                + " in front of every pod; leave proxy out",
                        "berth.yaml:10: services.api.runtime: api runs on kubernetes in dev: scale-to-zero wakes ECS services; leave"
                                + " idle_after out (the off-hours schedule stops the workers)",
                        "berth.yaml:10: services.api.runtime: api runs on kubernetes in dev: web calls it, and runs on fargate_spot: the"
                                + " cluster's services are reached from inside the cluster only; run both on kubernetes, or both on ECS"),
                row("a path an Ingress cannot hold", services("", "    runtime: kubernetes\n", "environments:\n  dev: {}\n")
                                .replace("path: /api/*", "path: /api/*/orders"),
                        "berth.yaml:9: services.api.runtime: api runs on kubernetes in dev: its path /api/*/orders cannot be an Ingress"
                                + " path, which is exact (/health) or a prefix (/api/*)"),
                row("Kubernetes with blue-green releases", services("", "", "environments:\n  dev: {runtime: kubernetes, deployment: blue-green}\n"
                                + "delivery: {github: acme/shop, pipeline: codepipeline, connection:"
                                + " 'arn:aws:codeconnections:eu-central-1:123456789012:connection/abc-123'}\n"),
                        "berth.yaml:10: environments.dev.runtime: web runs on kubernetes in dev: blue-green releases are CodeDeploy's, for"
                                + " ECS services; the cluster rolls Deployments out itself: use deployment: rolling"));
    }

    private static Arguments row(String rule, String yaml, String... expected) {
        return Arguments.of(rule, yaml, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsWithExactlyTheseProblems(String rule, String yaml, List<String> expected) {
        assertThat(BerthYamlValidationTest.problems(yaml)).containsExactlyElementsOf(expected);
    }
}
