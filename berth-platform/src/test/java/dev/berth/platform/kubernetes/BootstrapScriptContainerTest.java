package dev.berth.platform.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node bootstrap scripts, run for real with bash in a Debian container (rootful podman, no network), with stand-ins
 * (src/test/resources/.../stand-ins/bin, first on PATH) for only the commands that need a cluster, AWS or the internet:
 * aws, kubeadm, kubectl, curl (IMDS and the downloads), systemctl, dnf, modprobe, sysctl, containerd, etcdctl, etcdutl.
 * Everything else is the real tool: bash, jq, openssl, tar, sha256sum, sed, install, flock. Each stand-in logs its
 * arguments and answers as the real command would; strace records every command line the scripts start (what ps would
 * show), so that a token or a secret value on a command line would be seen.
 *
 * <p>What this cannot show: a kubelet, kubeadm, etcd, containerd or Calico running, AWS answering, systemd running the
 * timers. See the report in docs/compute.md.
 *
 * <p>The image: {@code localhost/berth-debian:bookworm} (scripts/container-base-images) with jq, strace and openssl
 * added from .deb files this machine's apt downloads ({@code apt-get download}), installed without a network.
 */
class BootstrapScriptContainerTest {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path REPOSITORY = Path.of(System.getProperty("berth.repositoryRoot", MODULE.getParent().toString()));
    static final Path SCRIPTS = NodeBootstrapTest.RESOURCES.toAbsolutePath();
    static final Path STAND_INS = NodeBootstrapShellcheckTest.STAND_INS.toAbsolutePath();
    /** Change the tag when the packages change. */
    static final String IMAGE = "localhost/berth-k8s-node-test:bookworm-1";
    static final List<String> PACKAGES = List.of("jq", "libjq1", "libonig5", "strace", "libunwind8", "openssl", "libssl3");
    /** A run that takes longer is killed (podman run --timeout), and the test fails. */
    static final int RUN_LIMIT_SECONDS = 120;

    static final String TOKEN = "abcdef.0123456789abcdef";
    static final String CA_HASH = "sha256:7a1c3ee6b4e5c37ae7c1a9e9a4f27a6e1b1c1d0b8b2d9d4e4c1b3a5f6e7d8c9b";
    static final String JOIN_COMMAND = "kubeadm join kube-api.notejam.local:6443 --token " + TOKEN
            + " --discovery-token-ca-cert-hash " + CA_HASH;
    static final String NODE = "ip-10-0-1-23.eu-west-1.compute.internal";
    static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    static final String KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String PARAMETER = "/berth/notejam-dev/kubernetes/join";

    static final Set<String> CONTAINERS = ConcurrentHashMap.newKeySet();
    static final List<Path> WORK = new ArrayList<>();
    static final Thread CLEAN_UP_AT_EXIT = new Thread(BootstrapScriptContainerTest::cleanUp);
    static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    @BeforeAll
    static void image() throws Exception {
        List<String> missing = Stream.of("podman", "runc", "debootstrap", "apt-get").filter(tool -> !onPath(tool)).toList();
        assumeTrue(missing.isEmpty(), "the bootstrap scripts' container test needs rootful podman and Debian's apt;"
                + " not installed: " + String.join(", ", missing) + " (apt-get install podman buildah runc debootstrap)");
        assumeTrue(new UnixSystem().getUid() == 0, "the bootstrap scripts' container test needs root: podman runs"
                + " rootful here, and debootstrap makes the base image as root");
        for (Path standIn : Files.list(STAND_INS.resolve("bin")).toList()) {
            assertThat(Files.isExecutable(standIn)).as("%s is executable (git keeps the mode)", standIn).isTrue();
        }
        Runtime.getRuntime().addShutdownHook(CLEAN_UP_AT_EXIT);
        if (exec(Duration.ofMinutes(1), REPOSITORY, "podman", "image", "exists", IMAGE).exitCode() == 0) {
            return;
        }
        long started = System.nanoTime();
        Result base = exec(Duration.ofMinutes(15), REPOSITORY, "scripts/container-base-images");
        assertThat(base.exitCode()).as("scripts/container-base-images: %s", base.output()).isZero();
        Path debs = workDirectory("debs");
        List<String> download = new ArrayList<>(List.of("apt-get", "download"));
        download.addAll(PACKAGES);
        Result downloaded = exec(Duration.ofMinutes(5), debs, download.toArray(String[]::new));
        assertThat(downloaded.exitCode()).as("apt-get download: %s", downloaded.output()).isZero();
        Files.writeString(debs.resolve("Containerfile"), """
                FROM localhost/berth-debian:bookworm
                COPY *.deb /tmp/debs/
                RUN dpkg -i /tmp/debs/*.deb && rm -rf /tmp/debs
                """);
        Result built = exec(Duration.ofMinutes(5), debs, "podman", "build", "--network", "none", "--format", "docker",
                "--tag", IMAGE, "--file", "Containerfile", ".");
        assertThat(built.exitCode()).as("podman build: %s", built.output()).isZero();
        System.out.printf("BootstrapScriptContainerTest: made %s in %d s%n", IMAGE,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    @AfterAll
    static void stop() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(CLEAN_UP_AT_EXIT);
        } catch (IllegalStateException exiting) {
            // The hook is running.
        }
    }

    static synchronized void cleanUp() {
        for (String container : CONTAINERS) {
            exec(Duration.ofMinutes(1), MODULE, "podman", "rm", "--force", "--time", "0", "--ignore", container);
        }
        CONTAINERS.clear();
        for (Path dir : WORK) {
            deleteRecursively(dir);
        }
        WORK.clear();
    }

    // ---- (a) and (b): a worker ------------------------------------------------------------------------------------

    /** A worker whose first two reads of the parameter fail (the control plane still booting). */
    static Run worker() {
        return RUNS.computeIfAbsent("worker", name -> run(name, Map.of("STANDIN_SSM_FAILURES", "2"), "",
                "bash /opt/berth/bootstrap/worker.sh"));
    }

    @Test
    void theWorkerReadsTheJoinCommandFromTheParameterRetryingAndJoinsWithItsTokenAndHash() {
        Run run = worker();
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls("aws")).containsExactly(
                "aws ssm get-parameter --name " + PARAMETER + " --with-decryption --output json",
                "aws ssm get-parameter --name " + PARAMETER + " --with-decryption --output json",
                "aws ssm get-parameter --name " + PARAMETER + " --with-decryption --output json");
        assertThat(run.output()).contains("attempt 1 failed; trying again in 1 s", "attempt 2 failed; trying again in 1 s",
                "joined the cluster at kube-api.notejam.local as " + NODE);
        List<String> joins = run.calls("kubeadm").stream().filter(call -> call.startsWith("kubeadm join")).toList();
        assertThat(joins).hasSize(1);
        assertThat(joins.getFirst()).matches("kubeadm join --config /run/berth/join\\.[A-Za-z0-9]+/join\\.yaml");
        assertThat(run.file("kubeadm-join.yaml")).isEqualTo("""
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                discovery:
                  bootstrapToken:
                    apiServerEndpoint: "kube-api.notejam.local:6443"
                    token: "%s"
                    caCertHashes:
                      - "%s"

                nodeRegistration:
                  name: "%s"
                  criSocket: "unix:///run/containerd/containerd.sock"
                """.formatted(TOKEN, CA_HASH, NODE));
        // The token was on no command line the scripts started, and its file is gone.
        assertThat(run.commandLines()).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
        assertThat(run.privateFilesLeft()).isEmpty();
        // IMDSv2: a token first (the stand-in answers nothing without it).
        assertThat(run.calls("curl").getFirst()).contains("-X PUT", "/latest/api/token");
        assertThat(run.calls("systemctl")).contains("systemctl enable --now berth-drain.service");
        assertThat(run.file("fs/etc/systemd/system/berth-drain.service")).contains("ExecStop=/usr/local/bin/berth-drain",
                "After=kubelet.service");
    }

    @Test
    void theCredentialProviderAnswersForTheEnvironmentsRegistryOnlyAndTheKubeletsFlagsPointAtIt() throws IOException {
        Run run = worker();
        assertThat(run.exitCode()).as(run.output()).isZero();
        String config = run.file("fs/etc/berth/credential-provider-config.yaml");
        assertThat(config).contains("""
                apiVersion: kubelet.config.k8s.io/v1
                kind: CredentialProviderConfig
                providers:
                  - name: ecr-credential-provider
                    matchImages:
                      - "%s"
                    defaultCacheDuration: "12h"
                    apiVersion: credentialprovider.kubelet.k8s.io/v1
                """.formatted(REGISTRY));
        assertThat(config.lines().filter(line -> line.strip().startsWith("- \""))).hasSize(1);
        assertThat(config).doesNotContain("*");
        assertThat(run.file("fs/etc/sysconfig/kubelet")).contains("KUBELET_EXTRA_ARGS=\"--node-ip=10.0.1.23"
                + " --image-credential-provider-config=/etc/berth/credential-provider-config.yaml"
                + " --image-credential-provider-bin-dir=/opt/berth/credential-providers\"");
        // The provider's binary is in that directory under the provider's name, downloaded for this architecture and
        // checked against the digest published beside it.
        Path binary = run.out().resolve("fs/opt/berth/credential-providers/ecr-credential-provider");
        assertThat(Files.readString(binary)).contains("stand-in ecr-credential-provider");
        assertThat(Files.getPosixFilePermissions(binary)).contains(PosixFilePermission.OTHERS_EXECUTE);
        String url = "https://artifacts.k8s.io/binaries/cloud-provider-aws/v1.37.0/linux/amd64/"
                + "ecr-credential-provider-linux-amd64";
        assertThat(run.calls("curl")).anyMatch(call -> call.endsWith(" " + url))
                .anyMatch(call -> call.endsWith(" " + url + ".sha256"));
        // The rest of the runtime: pinned packages from pkgs.k8s.io (signatures checked), containerd on systemd cgroups.
        assertThat(run.calls("dnf")).contains("dnf install -y --quiet --disableexcludes=kubernetes kubelet-1.37.0"
                + " kubeadm-1.37.0 kubectl-1.37.0");
        assertThat(run.file("fs/etc/yum.repos.d/kubernetes.repo")).contains(
                "baseurl=https://pkgs.k8s.io/core:/stable:/v1.37/rpm/", "gpgcheck=1",
                "exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni");
        assertThat(run.file("fs/etc/containerd/config.toml")).contains("SystemdCgroup = true",
                "sandbox_image = \"registry.k8s.io/pause:3.10.1\"");
        assertThat(run.calls("modprobe")).containsExactly("modprobe overlay", "modprobe br_netfilter");
        assertThat(run.file("fs/etc/sysctl.d/90-berth-kubernetes.conf")).contains("net.ipv4.ip_forward = 1",
                "net.bridge.bridge-nf-call-iptables = 1");
    }

    @Test
    void aCredentialProviderThatDoesNotMatchItsPublishedChecksumIsRefused() {
        Run run = RUNS.computeIfAbsent("tampered", name -> run(name, Map.of("STANDIN_CORRUPT", "ecr-credential-provider"),
                "", "bash /opt/berth/bootstrap/worker.sh"));
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("does not match the SHA-256 checksum published beside it");
        assertThat(run.out().resolve("fs/opt/berth/credential-providers/ecr-credential-provider")).doesNotExist();
        assertThat(run.calls("kubeadm")).noneMatch(call -> call.startsWith("kubeadm join"));
    }

    /** Pre-baked, a worker downloads nothing: it checks the AMI has what it needs, and says what it lacks. */
    @Test
    void aPrebakedWorkerInstallsNothingFromTheInternet() {
        NodeBootstrap prebaked = NodeBootstrapTest.notejamDev().prebaked(true).build();
        Run lacking = RUNS.computeIfAbsent("prebaked-lacking", name -> run(name, prebaked, Map.of(), "",
                "bash /opt/berth/bootstrap/worker.sh"));
        assertThat(lacking.exitCode()).isNotZero();
        assertThat(lacking.output()).contains("BERTH_PREBAKED=true, but the AMI lacks: kubelet conntrack"
                + " /opt/berth/credential-providers/ecr-credential-provider");
        Run baked = RUNS.computeIfAbsent("prebaked", name -> run(name, prebaked, Map.of(), """
                printf '#!/bin/sh\nexit 0\n' >/usr/local/bin/kubelet
                cp /usr/local/bin/kubelet /usr/local/bin/conntrack
                install -d /opt/berth/credential-providers
                cp /usr/local/bin/kubelet /opt/berth/credential-providers/ecr-credential-provider
                chmod 0755 /usr/local/bin/kubelet /usr/local/bin/conntrack /opt/berth/credential-providers/*
                """, "bash /opt/berth/bootstrap/worker.sh"));
        assertThat(baked.exitCode()).as(baked.output()).isZero();
        assertThat(baked.calls("curl")).isNotEmpty().allMatch(call -> call.contains("http://169.254.169.254/"));
        assertThat(baked.calls("dnf")).isEmpty();
        assertThat(baked.file("fs/etc/berth/credential-provider-config.yaml")).contains("- \"" + REGISTRY + "\"");
        assertThat(baked.calls("kubeadm")).anyMatch(call -> call.startsWith("kubeadm join --config"));
    }

    // ---- (c): a new control plane -----------------------------------------------------------------------------------

    static Run newControlPlane() {
        return RUNS.computeIfAbsent("new-control-plane", name -> run(name, Map.of(), "",
                "bash /opt/berth/bootstrap/control-plane.sh"));
    }

    @Test
    void theControlPlaneWritesTheJoinCommandAsASecureStringFromAPrivateFileAndRefreshesItEvery12Hours() {
        Run run = newControlPlane();
        assertThat(run.exitCode()).as(run.output()).isZero();
        List<String> puts = run.calls("aws").stream().filter(call -> call.startsWith("aws ssm put-parameter")).toList();
        assertThat(puts).hasSize(1);
        assertThat(puts.getFirst()).matches(Pattern.quote("aws ssm put-parameter --name " + PARAMETER
                + " --type SecureString --key-id " + KEY_ARN + " --overwrite --cli-input-json file:///run/berth/join-token.")
                + "[A-Za-z0-9]+/parameter\\.json");
        // The value went through the file: exactly the join command, the file 0600 in a 0700 directory, then removed.
        assertThat(run.file("put-parameter.json")).isEqualTo("{\n  \"Value\": \"" + JOIN_COMMAND + "\"\n}\n");
        assertThat(run.file("put-parameter.file-mode").strip()).isEqualTo("600");
        assertThat(run.file("put-parameter.dir-mode").strip()).isEqualTo("700");
        assertThat(run.privateFilesLeft()).isEmpty();
        assertThat(run.commandLines()).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
        assertThat(run.output()).doesNotContain(TOKEN);
        assertThat(run.calls("kubeadm")).contains("kubeadm token create --ttl 24h --description"
                + " berth:\\ workers\\ join\\ with\\ it\\ \\(berth-join-token\\) --print-join-command");
        // The timer that refreshes it before the token's 24 h are up, and its service, installed and enabled.
        assertThat(run.file("fs/etc/systemd/system/berth-join-token.timer")).contains("""
                [Timer]
                OnCalendar=*-*-* 00/12:00:00
                Persistent=true

                [Install]
                WantedBy=timers.target
                """);
        assertThat(run.file("fs/etc/systemd/system/berth-join-token.service")).contains("Type=oneshot",
                "ExecStart=/usr/local/bin/berth-join-token");
        assertThat(run.out().resolve("fs/usr/local/bin/berth-join-token")).isSymbolicLink();
        List<String> systemctl = run.calls("systemctl");
        assertThat(systemctl).contains("systemctl enable --now berth-join-token.timer");
        assertThat(systemctl.indexOf("systemctl daemon-reload"))
                .isLessThan(systemctl.indexOf("systemctl enable --now berth-join-token.timer"));
    }

    @Test
    void theOtherTimersRunHourlyEveryMinuteAndEveryFiveMinutes() {
        Run run = newControlPlane();
        assertThat(run.file("fs/etc/systemd/system/berth-etcd-snapshot.timer")).contains("OnCalendar=hourly",
                "Persistent=true");
        assertThat(run.file("fs/etc/systemd/system/berth-csr-approver.timer")).contains("OnUnitActiveSec=1min");
        assertThat(run.file("fs/etc/systemd/system/berth-secrets-sync.timer")).contains("OnUnitActiveSec=5min");
        assertThat(run.calls("systemctl")).contains("systemctl enable --now berth-etcd-snapshot.timer",
                "systemctl enable --now berth-csr-approver.timer", "systemctl enable --now berth-secrets-sync.timer");
        assertThat(run.out().resolve("fs/usr/local/bin/berth-apply")).isSymbolicLink();
    }

    @Test
    void aNewClusterIsInitializedFromAConfigFileUnderTheEndpointAndItsPkiIsBackedUpEncrypted() throws Exception {
        Run run = newControlPlane();
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls("kubeadm")).contains("kubeadm init --config /etc/berth/kubeadm-init.yaml --skip-token-print");
        assertThat(run.file("kubeadm-init.yaml")).contains(
                "advertiseAddress: \"10.0.1.23\"",
                "name: \"" + NODE + "\"",
                "kubernetesVersion: \"v1.37.0\"",
                "clusterName: \"notejam-dev\"",
                "controlPlaneEndpoint: \"kube-api.notejam.local:6443\"",
                "podSubnet: \"192.168.0.0/16\"",
                "serviceSubnet: \"10.96.0.0/12\"",
                "certSANs:\n    - \"kube-api.notejam.local\"",
                "- name: encryption-provider-config\n      value: \"/etc/kubernetes/pki/encryption-config.yaml\"",
                "kind: KubeletConfiguration",
                "serverTLSBootstrap: true",
                "key: node-role.kubernetes.io/control-plane\n      effect: NoSchedule");
        // Secrets at rest: a secretbox key made here, 32 random bytes, root's alone.
        String encryption = run.file("fs/etc/kubernetes/pki/encryption-config.yaml");
        Matcher key = Pattern.compile("secret: ([A-Za-z0-9+/=]+)\n").matcher(encryption);
        assertThat(key.find()).as(encryption).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(key.group(1))).hasSize(32);
        assertThat(encryption).contains("- secretbox:", "- identity: {}");
        assertThat(Files.getPosixFilePermissions(run.out().resolve("fs/etc/kubernetes/pki/encryption-config.yaml")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(run.commandLines()).noneMatch(line -> line.contains(key.group(1)));
        // The PKI backup: SSE-KMS with the environment's key; the CAs, the service account key and that key.
        assertThat(run.calls("aws")).contains("aws s3 cp - s3://notejam-dev-cluster-state/pki/pki.tar.gz --sse aws:kms"
                + " --sse-kms-key-id " + KEY_ARN + " --only-show-errors");
        Result listing = exec(Duration.ofMinutes(1), run.out(), "tar", "-tzf", "s3/pki/pki.tar.gz");
        assertThat(listing.output().lines()).containsExactlyInAnyOrder("ca.crt", "ca.key", "sa.key", "sa.pub",
                "front-proxy-ca.crt", "front-proxy-ca.key", "etcd/ca.crt", "etcd/ca.key", "encryption-config.yaml");
        assertThat(run.calls("etcdutl")).isEmpty();
    }

    @Test
    void theControlPlaneTakesOverTheApiEndpointInCloudMap() {
        Run run = newControlPlane();
        assertThat(run.calls("aws")).containsSubsequence(
                "aws servicediscovery list-instances --service-id srv-e4anhexample0004 --output json",
                "aws servicediscovery deregister-instance --service-id srv-e4anhexample0004 --instance-id i-0aaaaaaaaaaaaaaaa",
                "aws servicediscovery register-instance --service-id srv-e4anhexample0004 --instance-id i-0123456789abcdef0"
                        + " --attributes AWS_INSTANCE_IPV4=10.0.1.23");
        assertThat(run.file("fs/etc/hosts")).contains("10.0.1.23 kube-api.notejam.local # berth-api-endpoint");
    }

    @Test
    void calicoIsAppliedInVxlanModeWithThePodCidrFromItsPinnedManifest() {
        Run run = newControlPlane();
        assertThat(run.calls("curl")).anyMatch(call -> call.endsWith(
                " https://raw.githubusercontent.com/projectcalico/calico/v3.33.0/manifests/calico-vxlan.yaml"));
        String applied = run.file("applied/1.yaml");
        assertThat(applied).contains("""
                            - name: CALICO_IPV4POOL_VXLAN
                              value: "Always"
                """, """
                            - name: CALICO_IPV4POOL_CIDR
                              value: "192.168.0.0/16"
                """).doesNotContain("# - name: CALICO_IPV4POOL_CIDR");
        assertThat(run.calls("kubectl")).contains("kubectl apply --server-side --force-conflicts --field-manager=berth"
                + " -f /etc/berth/calico.yaml");
        // No kubectl taint: the control plane keeps its NoSchedule taint.
        assertThat(run.calls("kubectl")).noneMatch(call -> call.contains("taint"));
        // etcd's tools from the pinned release, checked against its SHA256SUMS.
        assertThat(run.calls("curl")).anyMatch(call -> call.endsWith(
                " https://github.com/etcd-io/etcd/releases/download/v3.6.9/etcd-v3.6.9-linux-amd64.tar.gz"))
                .anyMatch(call -> call.endsWith(" https://github.com/etcd-io/etcd/releases/download/v3.6.9/SHA256SUMS"));
        assertThat(run.file("fs/usr/local/bin/etcdutl")).contains("etcdutl from the stand-in release");
    }

    // ---- (d): a replacement control plane ---------------------------------------------------------------------------

    @Test
    void aReplacementControlPlaneRestoresEtcdAndThePkiFromTheBucketAndDeletesItsPredecessorsNode() throws IOException {
        String former = "ip-10-0-9-99.eu-west-1.compute.internal";
        Run run = RUNS.computeIfAbsent("restore", name -> run(name, Map.of(
                "STANDIN_S3_OBJECTS", "etcd/latest.db pki/pki.tar.gz",
                "STANDIN_CONTROL_PLANE_NODES", former + " " + NODE), "", "bash /opt/berth/bootstrap/control-plane.sh"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("the state bucket holds an etcd snapshot and the PKI: restoring the cluster");
        assertThat(run.calls("aws")).contains(
                "aws s3 cp s3://notejam-dev-cluster-state/pki/pki.tar.gz - --only-show-errors",
                "aws s3 cp s3://notejam-dev-cluster-state/etcd/latest.db /var/lib/berth/etcd-restore/snapshot.db"
                        + " --only-show-errors");
        assertThat(run.calls("etcdutl")).containsExactly("etcdutl snapshot restore /var/lib/berth/etcd-restore/snapshot.db"
                + " --data-dir /var/lib/berth/etcd-restore/etcd --name " + NODE + " --initial-cluster " + NODE
                + "=https://10.0.1.23:2380 --initial-advertise-peer-urls https://10.0.1.23:2380"
                + " --bump-revision 1000000000 --mark-compacted");
        assertThat(run.file("fs/var/lib/etcd/member/snap/db")).contains("restored by the stand-in");
        assertThat(run.file("etcd-mode").strip()).isEqualTo("700");
        // kubeadm init over the restored data and PKI (the stand-in kubeadm refuses a non-empty /var/lib/etcd without it).
        assertThat(run.calls("kubeadm")).contains("kubeadm init --config /etc/berth/kubeadm-init.yaml --skip-token-print"
                + " --ignore-preflight-errors=DirAvailable--var-lib-etcd");
        for (String file : List.of("ca.crt", "ca.key", "sa.key", "sa.pub", "front-proxy-ca.key", "etcd/ca.key",
                "encryption-config.yaml")) {
            assertThat(run.file("fs/etc/kubernetes/pki/" + file)).as(file).isEqualTo("restored " + file + "\n");
        }
        assertThat(Files.getPosixFilePermissions(run.out().resolve("fs/etc/kubernetes/pki/ca.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        // The former control plane's Node goes, this one's stays; the backup is not overwritten.
        assertThat(run.calls("kubectl")).contains("kubectl delete node " + former + " --wait=false")
                .noneMatch(call -> call.equals("kubectl delete node " + NODE + " --wait=false"));
        assertThat(run.calls("aws")).noneMatch(call -> call.startsWith("aws s3 cp - s3://notejam-dev-cluster-state/pki/"));
        assertThat(run.calls("aws")).anyMatch(call -> call.startsWith("aws ssm put-parameter"));
    }

    // ---- the hourly snapshot, and a worker's shutdown -----------------------------------------------------------------

    @Test
    void theHourlySnapshotGoesToTheBucketEncryptedAndAWorkerCordonsItselfOnShutdown() {
        Run run = RUNS.computeIfAbsent("snapshot-and-drain", name -> run(name, Map.of(), """
                mkdir -p /etc/kubernetes/manifests && echo 'kind: Pod' >/etc/kubernetes/manifests/etcd.yaml
                echo %s >/etc/berth/node-name
                """.formatted(NODE), "bash -c 'bash /opt/berth/bootstrap/berth-etcd-snapshot.sh"
                + " && bash /opt/berth/bootstrap/berth-drain.sh'"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls("etcdctl")).singleElement().asString()
                .startsWith("etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt"
                        + " --cert=/etc/kubernetes/pki/apiserver-etcd-client.crt"
                        + " --key=/etc/kubernetes/pki/apiserver-etcd-client.key snapshot save /run/berth/etcd-snapshot.");
        assertThat(run.calls("aws")).singleElement().asString()
                .matches("aws s3 cp /run/berth/etcd-snapshot\\.[A-Za-z0-9]+/snapshot\\.db"
                        + " s3://notejam-dev-cluster-state/etcd/latest\\.db --sse aws:kms --sse-kms-key-id "
                        + Pattern.quote(KEY_ARN) + " --only-show-errors");
        assertThat(run.file("s3/etcd/latest.db")).isEqualTo("stand-in etcd snapshot\n");
        assertThat(run.privateFilesLeft()).isEmpty();
        assertThat(run.calls("kubectl")).containsExactly(
                "kubectl --kubeconfig /etc/kubernetes/kubelet.conf cordon " + NODE);
        assertThat(run.output()).contains("cordoned " + NODE);
    }

    // ---- berth-apply, with the secrets sync -------------------------------------------------------------------------

    @Test
    void berthApplyCopiesTheSecretsAppliesAndExplainsADeploymentThatDoesNotRollOut() {
        Run run = RUNS.computeIfAbsent("apply", name -> run(name, Map.of(
                "STANDIN_S3_OBJECTS", "manifests/r2/manifests.yaml manifests/r2/secrets.tsv",
                "STANDIN_ROLLOUT_FAILING", "notejam/web", "BERTH_ROLLOUT_TIMEOUT", "5s"), """
                install -d /usr/local/lib/berth
                install -m 0755 /opt/berth/bootstrap/*.sh /usr/local/lib/berth/
                ln -s /usr/local/lib/berth/berth-apply.sh /usr/local/bin/berth-apply
                ln -s /usr/local/lib/berth/berth-secrets-sync.sh /usr/local/bin/berth-secrets-sync
                """, "berth-apply r2"));
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        String output = run.output().replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ ", "");
        assertThat(output).contains("""
                Release r2
                  Secrets:
                    Secret notejam/notejam-db: password port username
                    Secret notejam/notejam-mail: smtp-password
                  Applied 2 Deployment, 1 Namespace, 1 Service
                  Deployment notejam/web:
                    Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...
                    error: timed out waiting for the condition
                    Not rolled out within 5s.
                    Pod web-7d4b9c-abcde:
                      phase: Pending
                      Ready: ContainersNotReady - containers with unready status: [web]
                      container web: waiting (ImagePullBackOff): Back-off pulling image \
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/notejam:r2", restarts 0
                      events:
                        LAST SEEN   TYPE      REASON    OBJECT          MESSAGE
                """, """
                  Deployment notejam/worker:
                    deployment "worker" successfully rolled out
                Release r2 failed: notejam/web did not roll out.
                """).doesNotContain("web-5f6a7b-fghij");
        assertThat(run.calls("kubectl")).contains("kubectl get events --namespace notejam --field-selector"
                + " involvedObject.name=web-7d4b9c-abcde");
        // The release became the current one, encrypted with the environment's key.
        assertThat(run.calls("aws")).contains("aws s3 cp s3://notejam-dev-cluster-state/manifests/r2/manifests.yaml"
                + " s3://notejam-dev-cluster-state/manifests/current/manifests.yaml --sse aws:kms --sse-kms-key-id " + KEY_ARN
                + " --only-show-errors");
        // One Secret per object with all its keys, the values from Secrets Manager; never on a command line.
        String secrets = run.file("applied/3.yaml") + run.file("applied/4.yaml") + run.file("applied/2.yaml")
                + run.file("applied/1.yaml");
        assertThat(secrets).contains("  password: " + base64("Db-Secret-Value-1a2b3c"), "  username: " + base64("notejam"),
                "  port: " + base64("5432"), "  smtp-password: " + base64("Smtp-Secret-Value-4d5e6f"),
                "kind: Namespace\nmetadata:\n  name: notejam");
        assertThat(run.commandLines()).isNotEmpty().noneMatch(line -> line.contains("Db-Secret-Value-1a2b3c")
                || line.contains("Smtp-Secret-Value-4d5e6f"));
        assertThat(run.output()).doesNotContain("Db-Secret-Value-1a2b3c", "Smtp-Secret-Value-4d5e6f");
        assertThat(run.privateFilesLeft()).isEmpty();
        assertThat(run.calls("aws").stream().filter(call -> call.startsWith("aws secretsmanager get-secret-value")))
                .as("each secret read once").hasSize(2);
    }

    // ---- the CSR approver -----------------------------------------------------------------------------------------

    @Test
    void theCsrApproverApprovesOnlyServingCertificatesOfExistingNodesForTheirOwnAddresses() {
        String node = "ip-10-0-2-45.eu-west-1.compute.internal";
        String setup = """
                csr() { # NAME SIGNER USER SUBJECT_NODE SAN
                  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout /dev/null \\
                    -subj "/O=system:nodes/CN=system:node:$4" -addext "subjectAltName=$5" 2>/dev/null \\
                    | base64 -w0 > /tmp/request
                  jq -n --arg name "$1" --arg signer "$2" --arg user "$3" --rawfile request /tmp/request \\
                    '{metadata: {name: $name}, spec: {signerName: $signer, username: $user,
                      groups: ["system:nodes", "system:authenticated"], request: $request}, status: {}}'
                }
                {
                  csr csr-good kubernetes.io/kubelet-serving system:node:NODE NODE "DNS:NODE,IP:10.0.2.45"
                  csr csr-other-ip kubernetes.io/kubelet-serving system:node:NODE NODE "DNS:NODE,IP:10.0.9.9"
                  csr csr-other-name kubernetes.io/kubelet-serving system:node:NODE NODE "DNS:kube-api.notejam.local"
                  csr csr-other-subject kubernetes.io/kubelet-serving system:node:NODE other "DNS:NODE"
                  csr csr-no-node kubernetes.io/kubelet-serving system:node:ip-10-0-7-7.eu-west-1.compute.internal \\
                    ip-10-0-7-7.eu-west-1.compute.internal "IP:10.0.7.7"
                  csr csr-not-a-node kubernetes.io/kubelet-serving system:serviceaccount:default:evil NODE "IP:10.0.2.45"
                  csr csr-client kubernetes.io/kube-apiserver-client-kubelet system:node:NODE NODE "IP:10.0.2.45"
                } | jq -s '{kind: "List", items: .}' > /tmp/csrs.json
                """.replace("NODE", node);
        Run run = RUNS.computeIfAbsent("csr", name -> run(name, Map.of("STANDIN_CSRS", "/tmp/csrs.json"), setup,
                "bash /opt/berth/bootstrap/berth-csr-approver.sh"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls("kubectl").stream().filter(call -> call.startsWith("kubectl certificate approve")))
                .containsExactly("kubectl certificate approve csr-good");
        assertThat(run.output()).contains(
                "approved csr-good, the serving certificate of " + node,
                "left csr-other-ip pending: it asks for IP:10.0.9.9, which is not an address of Node " + node,
                "left csr-other-name pending: it asks for DNS:kube-api.notejam.local, which is not an address of Node "
                        + node,
                "left csr-other-subject pending: its subject is CN=system:node:other,O=system:nodes",
                "left csr-no-node pending: ip-10-0-7-7.eu-west-1.compute.internal is not a Node of the cluster",
                "left csr-not-a-node pending: requested by system:serviceaccount:default:evil, not by a node")
                .doesNotContain("csr-client");
    }

    // ---- running a scenario ---------------------------------------------------------------------------------------

    /** What a run left: its output, its exit code, the stand-ins' logs and a copy of the files it wrote. */
    record Run(Path out, int exitCode, String output) {

        String file(String relative) {
            try {
                return Files.readString(out.resolve(relative));
            } catch (IOException e) {
                throw new UncheckedIOException("the run left no " + relative + "; its output:\n" + output, e);
            }
        }

        /** The stand-in COMMAND's calls, in order, as logged (arguments quoted as bash would). */
        List<String> calls(String command) {
            Path log = out.resolve("calls.log");
            if (!Files.exists(log)) {
                return List.of();
            }
            return file("calls.log").lines().filter(line -> line.equals(command) || line.startsWith(command + " "))
                    .toList();
        }

        /** What is left under /run/berth but the locks: the private directories should be gone. */
        List<String> privateFilesLeft() {
            return file("run-berth.txt").lines().filter(path -> !path.endsWith(".lock")).toList();
        }

        /** Every command line the run started (strace's execve calls): what ps would have shown. */
        List<String> commandLines() {
            return file("execve.log").lines().filter(line -> line.contains("execve(")).toList();
        }
    }

    /**
     * Runs COMMAND in a new container of {@link #IMAGE}: the scripts and the stand-ins mounted read-only, the stand-ins
     * first on PATH, no network, at most {@link #RUN_LIMIT_SECONDS}; Notejam's dev settings in /etc/berth/cluster.env;
     * SETUP (bash) first. The container is removed whatever happens.
     */
    static Run run(String scenario, Map<String, String> env, String setup, String command) {
        return run(scenario, NodeBootstrapTest.notejamDev().build(), env, setup, command);
    }

    static Run run(String scenario, NodeBootstrap settings, Map<String, String> env, String setup, String command) {
        try {
            Path in = workDirectory(scenario + "-in");
            Path out = workDirectory(scenario + "-out");
            Files.writeString(in.resolve("cluster.env"), settings.envFile());
            Files.writeString(in.resolve("run.sh"), """
                    set -u
                    install -d -m 0755 /etc/berth
                    install -m 0644 /test-in/cluster.env /etc/berth/cluster.env
                    %s
                    strace -f -qq -s 65535 -e trace=execve -e signal=none -o /test-out/execve.log %s \
                      >/test-out/output.log 2>&1
                    echo $? >/test-out/exit-code
                    mkdir -p /test-out/fs
                    for path in /etc/berth /etc/sysconfig /etc/systemd/system /etc/systemd/logind.conf.d /etc/kubernetes \
                      /etc/containerd /etc/yum.repos.d /etc/modules-load.d /etc/sysctl.d /etc/hosts /opt/berth/cni \
                      /opt/berth/credential-providers /usr/local/lib/berth /usr/local/bin /var/lib/etcd /var/log/berth; do
                      if [ -e "$path" ]; then cp -a --parents "$path" /test-out/fs/; fi
                    done
                    find /run/berth -mindepth 1 >/test-out/run-berth.txt 2>/dev/null || true
                    stat -c '%%a' /var/lib/etcd >/test-out/etcd-mode 2>/dev/null || true
                    """.formatted(setup, command));
            String container = "berth-k8s-boot-test-" + ProcessHandle.current().pid() + "-" + scenario;
            List<String> podman = new ArrayList<>(List.of("podman", "run", "--rm", "--name", container,
                    "--network", "none", "--timeout", Integer.toString(RUN_LIMIT_SECONDS),
                    "--cap-add", "SYS_PTRACE", "--tmpfs", "/run",
                    "--volume", SCRIPTS + ":/opt/berth/bootstrap:ro",
                    "--volume", STAND_INS + ":/opt/berth-test/stand-ins:ro",
                    "--volume", in + ":/test-in:ro",
                    "--volume", out + ":/test-out",
                    "--env", "PATH=/opt/berth-test/stand-ins/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "--env", "STANDIN_OUT=/test-out",
                    "--env", "BERTH_RETRY_FIRST_DELAY=1",
                    "--env", "BERTH_RETRY_MAX_DELAY=1"));
            new LinkedHashMap<>(env).forEach((key, value) -> podman.addAll(List.of("--env", key + "=" + value)));
            podman.addAll(List.of(IMAGE, "bash", "/test-in/run.sh"));
            CONTAINERS.add(container);
            long started = System.nanoTime();
            Result result;
            try {
                result = exec(Duration.ofSeconds(RUN_LIMIT_SECONDS + 60), MODULE, podman.toArray(String[]::new));
            } finally {
                exec(Duration.ofMinutes(1), MODULE, "podman", "rm", "--force", "--time", "0", "--ignore", container);
                CONTAINERS.remove(container);
            }
            System.out.printf("BootstrapScriptContainerTest: %s ran in %.1f s%n", scenario,
                    (System.nanoTime() - started) / 1e9);
            assertThat(result.exitCode()).as("podman run %s: %s", scenario, result.output()).isZero();
            Path exitCode = out.resolve("exit-code");
            assertThat(exitCode).as("the run finished within %d s: %s", RUN_LIMIT_SECONDS, result.output()).exists();
            return new Run(out, Integer.parseInt(Files.readString(exitCode).strip()),
                    Files.readString(out.resolve("output.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int exitCode, String output) {
    }

    static Result exec(Duration limit, Path dir, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().put("CONTAINERS_CONF", REPOSITORY.resolve("tools/containers/containers.conf").toString());
            Path log = Files.createTempFile("berth-k8s-boot-test", ".log");
            try {
                Process process = builder.redirectOutput(log.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    return new Result(-1, String.join(" ", command) + ": still running after " + limit + "\n"
                            + Files.readString(log));
                }
                return new Result(process.exitValue(), Files.readString(log));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path workDirectory(String name) throws IOException {
        Path dir = Files.createTempDirectory("berth-k8s-boot-" + name);
        synchronized (BootstrapScriptContainerTest.class) {
            WORK.add(dir);
        }
        return dir;
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("BootstrapScriptContainerTest: could not delete " + dir + ": " + e);
        }
    }

    static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    static String base64(String value) {
        return java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
