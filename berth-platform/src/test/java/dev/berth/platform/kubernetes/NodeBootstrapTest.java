package dev.berth.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.platform.kubernetes.NodeBootstrap.Key;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings file of the node bootstrap scripts: every key, values bash reads back as given (bash itself sources the
 * file here), the refusals (a value that could break out of its quotes, a malformed one, overlapping ranges), and the
 * bundle of scripts read from the resources.
 */
class NodeBootstrapTest {

    static final Path RESOURCES = Path.of("src/main/resources/dev/berth/platform/kubernetes");

    /** The settings of Notejam's dev environment. */
    static NodeBootstrap.Builder notejamDev() {
        return NodeBootstrap.builder()
                .region("eu-west-1")
                .cluster("notejam-dev")
                .vpcCidr("10.0.0.0/16")
                .apiEndpoint("kube-api.notejam.local")
                .apiServiceId("srv-e4anhexample0004")
                .joinParameter("/berth/notejam-dev/kubernetes/join")
                .kmsKeyArn("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                .stateBucket("notejam-dev-cluster-state")
                .ecrRegistry("123456789012.dkr.ecr.eu-west-1.amazonaws.com");
    }

    @Test
    void everyKeyIsWrittenInOrderWithThePinnedVersionsAndDefaultRanges() {
        NodeBootstrap bootstrap = notejamDev().build();
        assertThat(bootstrap.settings().keySet()).containsExactly(Key.values());
        assertThat(Arrays.stream(Key.values()).map(Key::name)).containsExactly("BERTH_REGION", "BERTH_CLUSTER",
                "BERTH_KUBERNETES_VERSION", "BERTH_POD_CIDR", "BERTH_SERVICE_CIDR", "BERTH_API_ENDPOINT",
                "BERTH_API_SERVICE_ID", "BERTH_JOIN_PARAMETER", "BERTH_KMS_KEY", "BERTH_STATE_BUCKET", "BERTH_ECR_REGISTRY",
                "BERTH_CNI_VERSION", "BERTH_ECR_CREDENTIAL_PROVIDER_VERSION", "BERTH_ETCD_VERSION", "BERTH_PREBAKED");
        assertThat(bootstrap.envFile()).endsWith("""
                BERTH_REGION='eu-west-1'
                BERTH_CLUSTER='notejam-dev'
                BERTH_KUBERNETES_VERSION='1.37.0'
                BERTH_POD_CIDR='192.168.0.0/16'
                BERTH_SERVICE_CIDR='10.96.0.0/12'
                BERTH_API_ENDPOINT='kube-api.notejam.local'
                BERTH_API_SERVICE_ID='srv-e4anhexample0004'
                BERTH_JOIN_PARAMETER='/berth/notejam-dev/kubernetes/join'
                BERTH_KMS_KEY='arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
                BERTH_STATE_BUCKET='notejam-dev-cluster-state'
                BERTH_ECR_REGISTRY='123456789012.dkr.ecr.eu-west-1.amazonaws.com'
                BERTH_CNI_VERSION='3.33.0'
                BERTH_ECR_CREDENTIAL_PROVIDER_VERSION='1.37.0'
                BERTH_ETCD_VERSION='3.6.9'
                BERTH_PREBAKED='false'
                """);
        assertThat(bootstrap.envFile().lines().filter(line -> !line.startsWith("#"))).hasSize(Key.values().length);
    }

    @Test
    void everySettingReachesItsKey() {
        NodeBootstrap bootstrap = notejamDev()
                .kubernetesVersion("1.37.2")
                .podCidr("172.16.0.0/16")
                .serviceCidr("10.100.0.0/16")
                .cniVersion("3.33.1")
                .ecrCredentialProviderVersion("1.37.1")
                .etcdVersion("3.6.10")
                .prebaked(true)
                .build();
        assertThat(bootstrap.settings()).containsEntry(Key.BERTH_KUBERNETES_VERSION, "1.37.2")
                .containsEntry(Key.BERTH_POD_CIDR, "172.16.0.0/16")
                .containsEntry(Key.BERTH_SERVICE_CIDR, "10.100.0.0/16")
                .containsEntry(Key.BERTH_CNI_VERSION, "3.33.1")
                .containsEntry(Key.BERTH_ECR_CREDENTIAL_PROVIDER_VERSION, "1.37.1")
                .containsEntry(Key.BERTH_ETCD_VERSION, "3.6.10")
                .containsEntry(Key.BERTH_PREBAKED, "true");
    }

    /** bash, the scripts' reader, gets back every value as it was given, and runs nothing from the file. */
    @Test
    void bashReadsBackEveryValueAsGiven(@TempDir Path dir) throws Exception {
        NodeBootstrap bootstrap = notejamDev()
                .stateBucket("${Token[TOKEN.123]}")
                .kmsKeyArn("${Token[TOKEN.456]}")
                .ecrRegistry("${Token[AWS.AccountId.7]}.dkr.ecr.${Token[AWS.Region.8]}.amazonaws.com")
                .build();
        Path env = dir.resolve("cluster.env");
        Files.writeString(env, bootstrap.envFile());
        Map<String, String> read = sourceWithBash(env, dir);
        Map<String, String> expected = new LinkedHashMap<>();
        bootstrap.settings().forEach((key, value) -> expected.put(key.name(), value));
        assertThat(read).isEqualTo(expected);
        assertThat(read.get("BERTH_STATE_BUCKET")).isEqualTo("${Token[TOKEN.123]}");
    }

    @Test
    void aQuotedValueIsInertForBash(@TempDir Path dir) throws Exception {
        String hostile = "$(touch " + dir.resolve("ran") + ") `touch " + dir.resolve("ran2") + "` ${HOME} ; & | \" *";
        Path env = dir.resolve("one.env");
        Files.writeString(env, "BERTH_CLUSTER=" + NodeBootstrap.shellQuote(hostile) + "\n");
        assertThat(sourceWithBash(env, dir)).containsEntry("BERTH_CLUSTER", hostile);
        assertThat(dir.resolve("ran")).doesNotExist();
        assertThat(dir.resolve("ran2")).doesNotExist();
    }

    @Test
    void valuesThatCouldLeaveTheirQuotesAreRefused() {
        for (String bad : List.of("notejam'dev", "notejam\ndev", "notejam\\dev", "notejam\rdev", "notejam\tdev",
                "notejam\u0000dev", "notéjam")) {
            assertThatThrownBy(() -> NodeBootstrap.shellQuote(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot write");
            assertThatThrownBy(() -> notejamDev().cluster(bad).build()).isInstanceOf(IllegalArgumentException.class);
        }
        // A CDK token does not open a way around it.
        assertThatThrownBy(() -> notejamDev().stateBucket("${Token[TOKEN.1]}'; reboot; '").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single quote");
        assertThatThrownBy(() -> notejamDev().stateBucket("${Token[TOKEN.1]} $(reboot)").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("besides its CDK tokens");
    }

    @Test
    void malformedValuesAreRefusedNamingTheirKey() {
        List<Map.Entry<String, UnaryOperator<NodeBootstrap.Builder>>> cases = List.of(
                Map.entry("BERTH_REGION", b -> b.region("eu-west-1; reboot")),
                Map.entry("BERTH_CLUSTER", b -> b.cluster("Notejam_Dev")),
                Map.entry("BERTH_KUBERNETES_VERSION", b -> b.kubernetesVersion("latest")),
                Map.entry("BERTH_KUBERNETES_VERSION", b -> b.kubernetesVersion("v1.37.0")),
                Map.entry("BERTH_CNI_VERSION", b -> b.cniVersion("3.33")),
                Map.entry("BERTH_ETCD_VERSION", b -> b.etcdVersion("3.6.x")),
                Map.entry("BERTH_ECR_CREDENTIAL_PROVIDER_VERSION", b -> b.ecrCredentialProviderVersion(">=1.37.0")),
                Map.entry("BERTH_API_ENDPOINT", b -> b.apiEndpoint("kube-api")),
                Map.entry("BERTH_API_SERVICE_ID", b -> b.apiServiceId("service-1")),
                Map.entry("BERTH_JOIN_PARAMETER", b -> b.joinParameter("/berth/join command")),
                Map.entry("BERTH_JOIN_PARAMETER", b -> b.joinParameter("/aws/reserved")),
                Map.entry("BERTH_KMS_KEY", b -> b.kmsKeyArn("alias/berth")),
                Map.entry("BERTH_STATE_BUCKET", b -> b.stateBucket("Cluster_State")),
                Map.entry("BERTH_STATE_BUCKET", b -> b.stateBucket("cluster..state")),
                Map.entry("BERTH_ECR_REGISTRY", b -> b.ecrRegistry("docker.io")));
        for (Map.Entry<String, UnaryOperator<NodeBootstrap.Builder>> c : cases) {
            assertThatThrownBy(() -> c.getValue().apply(notejamDev()).build()).as(c.getKey())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c.getKey());
        }
    }

    @Test
    void tokensAreRefusedWhereTheValueMustBeKnownHere() {
        assertThatThrownBy(() -> notejamDev().cluster("${Token[TOKEN.9]}").build()).hasMessageContaining("BERTH_CLUSTER");
        assertThatThrownBy(() -> notejamDev().podCidr("${Token[TOKEN.9]}").build()).hasMessageContaining("BERTH_POD_CIDR");
        assertThatThrownBy(() -> notejamDev().apiEndpoint("${Token[TOKEN.9]}").build())
                .hasMessageContaining("BERTH_API_ENDPOINT");
    }

    @Test
    void everyRequiredSettingIsNamedWhenMissing() {
        assertThatThrownBy(() -> notejamDev().region(null).build()).hasMessageContaining("BERTH_REGION is required");
        assertThatThrownBy(() -> notejamDev().stateBucket(null).build()).hasMessageContaining("BERTH_STATE_BUCKET");
        assertThatThrownBy(() -> notejamDev().vpcCidr(null).build()).hasMessageContaining("vpcCidr is required");
    }

    @Test
    void theDefaultRangesFitBesideA10xVpc() {
        for (String vpc : List.of("10.0.0.0/16", "10.1.0.0/16", "10.64.0.0/16", "10.128.0.0/16")) {
            assertThat(notejamDev().vpcCidr(vpc).build().settings()).containsEntry(Key.BERTH_POD_CIDR, "192.168.0.0/16");
        }
    }

    @Test
    void overlappingRangesAreRefused() {
        assertThatThrownBy(() -> notejamDev().podCidr("10.0.0.0/16").build())
                .hasMessage("BERTH_POD_CIDR 10.0.0.0/16 overlaps the VPC CIDR 10.0.0.0/16: pick ranges that share no address");
        assertThatThrownBy(() -> notejamDev().vpcCidr("10.96.0.0/16").build())
                .hasMessageContaining("BERTH_SERVICE_CIDR 10.96.0.0/12 overlaps the VPC CIDR 10.96.0.0/16");
        assertThatThrownBy(() -> notejamDev().vpcCidr("10.0.0.0/8").build())
                .hasMessageContaining("BERTH_SERVICE_CIDR 10.96.0.0/12 overlaps the VPC CIDR 10.0.0.0/8");
        assertThatThrownBy(() -> notejamDev().podCidr("10.96.0.0/16").build())
                .hasMessageContaining("BERTH_POD_CIDR 10.96.0.0/16 overlaps BERTH_SERVICE_CIDR 10.96.0.0/12");
        assertThatThrownBy(() -> notejamDev().vpcCidr("192.168.0.0/24").build())
                .hasMessageContaining("BERTH_POD_CIDR 192.168.0.0/16 overlaps the VPC CIDR 192.168.0.0/24");
        assertThatThrownBy(() -> notejamDev().podCidr("169.254.0.0/16").build())
                .hasMessageContaining("link-local range (IMDS)");
    }

    @Test
    void malformedRangesAreRefused() {
        assertThatThrownBy(() -> notejamDev().podCidr("192.168.0.1/16").build()).hasMessageContaining("host bits set");
        assertThatThrownBy(() -> notejamDev().podCidr("192.168.0.0").build()).hasMessageContaining("not an IPv4 CIDR");
        assertThatThrownBy(() -> notejamDev().podCidr("192.168.300.0/22").build()).hasMessageContaining("not an IPv4");
        assertThatThrownBy(() -> notejamDev().podCidr("192.168.0.0/24").build()).hasMessageContaining("/22 or wider");
        assertThatThrownBy(() -> notejamDev().serviceCidr("172.0.0.0/8").build()).hasMessageContaining("/12 to /28");
        assertThatThrownBy(() -> notejamDev().vpcCidr("fd00::/8").build()).hasMessageContaining("not an IPv4 CIDR");
    }

    @Test
    void theUserDataCommandsWriteTheFileThroughAQuotedHereDocument(@TempDir Path dir) throws Exception {
        NodeBootstrap bootstrap = notejamDev().build();
        List<String> commands = bootstrap.envFileCommands();
        assertThat(commands.get(1)).startsWith("cat > /etc/berth/cluster.env <<'BERTH_CLUSTER_ENV'\n")
                .endsWith("\nBERTH_CLUSTER_ENV").contains(bootstrap.envFile());
        // The here-document, run by a shell into a file of the test's, gives the file back unchanged.
        String script = commands.get(1).replace("/etc/berth/cluster.env", dir.resolve("cluster.env").toString());
        run(dir, "bash", "-c", script);
        assertThat(Files.readString(dir.resolve("cluster.env"))).isEqualTo(bootstrap.envFile());
    }

    @Test
    void theBundleHoldsEveryScriptOfTheResourcesAndNothingElse() throws IOException {
        assertThat(NodeBootstrap.scripts().keySet()).containsExactlyElementsOf(NodeBootstrap.SCRIPT_FILES);
        try (Stream<Path> files = Files.list(RESOURCES)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sh")))
                    .containsExactlyInAnyOrderElementsOf(NodeBootstrap.SCRIPT_FILES);
        }
        NodeBootstrap.scripts().forEach((name, text) -> assertThat(text).as(name).startsWith("#!/usr/bin/env bash\n"));
        assertThat(NodeBootstrap.controlPlaneScript()).contains("kubeadm init").isEqualTo(
                NodeBootstrap.script(NodeBootstrap.CONTROL_PLANE_SCRIPT));
        assertThat(NodeBootstrap.workerScript()).contains("kubeadm join --config");
        assertThat(NodeBootstrap.commonScript()).contains("berth_prepare_node()");
        assertThat(NodeBootstrap.applyScript()).contains("Usage: berth-apply RELEASE");
        assertThatThrownBy(() -> NodeBootstrap.script("../../../../etc/passwd")).hasMessageContaining("no bootstrap script");
    }

    /** The versions the scripts default to are the ones pinned here; none says latest. */
    @Test
    void everyVersionIsPinned() {
        // (IMDS's own path is /latest/meta-data: an API path, not a version.)
        assertThat(NodeBootstrap.scripts().values()).noneMatch(text -> text.contains(":latest")
                || text.contains("releases/latest") || text.contains("stable.txt") || text.contains("/latest/download"));
        assertThat(NodeBootstrap.commonScript()).contains("\"${BERTH_POD_CIDR:=192.168.0.0/16}\"",
                "\"${BERTH_SERVICE_CIDR:=10.96.0.0/12}\"");
    }

    /** Sources the file with bash as the scripts do, and prints every key's value back, NUL-separated. */
    static Map<String, String> sourceWithBash(Path env, Path dir) throws Exception {
        String names = String.join(" ", Arrays.stream(Key.values()).map(Key::name).toList());
        String output = run(dir, "bash", "-c", "set -euo pipefail; set -a; source \"$1\"; set +a; for key in " + names
                + "; do if [[ -v $key ]]; then printf '%s=%s\\0' \"$key\" \"${!key}\"; fi; done", "bash", env.toString());
        Map<String, String> values = new LinkedHashMap<>();
        for (String entry : output.split("\0")) {
            if (!entry.isEmpty()) {
                values.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
        }
        return values;
    }

    static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", List.of(command), output).isZero();
        return output;
    }
}
