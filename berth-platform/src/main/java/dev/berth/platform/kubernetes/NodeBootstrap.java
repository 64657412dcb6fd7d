package dev.berth.platform.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripts that make an EC2 instance (Amazon Linux 2023) a node of an environment's self-managed Kubernetes
 * cluster, and the settings file they read.
 *
 * <p><b>How a node boots.</b> Its user data writes {@link #ENV_FILE} ({@link #envFile()}, or the commands of
 * {@link #envFileCommands()}), puts every file of {@link #scripts()} in one directory (for example from an S3 asset)
 * and runs {@value #CONTROL_PLANE_SCRIPT} on the control plane or {@value #WORKER_SCRIPT} on a worker, with bash, as
 * root. The scripts are static: what differs between clusters is in the settings file only. Each script's header says
 * what it does; {@code node-common.sh} is the part both sides share.
 *
 * <p><b>The settings</b> ({@link Key}, in this order, one {@code KEY='value'} line each, sourced by bash): every value
 * is checked here for its shape and written between single quotes; a value that could break out of them (a quote, a
 * backslash, a line break, any control character) is refused. A value may be a CDK token (an unresolved
 * {@code ${Token[...]}}, such as a bucket's generated name or a key's ARN) where {@link Key} says so: it is written as
 * it is, CloudFormation puts the value in its place when the user data is made, and its shape is then checked by the
 * scripts' use of it rather than here. CIDRs, versions, the cluster name and the API endpoint must be known here: the
 * CIDRs are checked to overlap neither each other nor the VPC's.
 *
 * <p><b>What the nodes' role must be allowed</b> (the CDK's part): on the control plane, {@code ssm:PutParameter} on
 * the join parameter; {@code servicediscovery:RegisterInstance}, {@code DeregisterInstance} and
 * {@code ListInstances} on the API endpoint's service (and the Route 53 changes Cloud Map makes for them);
 * {@code s3:GetObject}, {@code PutObject} and {@code ListBucket} on the state bucket (a missing object must answer 404,
 * not 403); {@code secretsmanager:GetSecretValue} on the app's secrets; on workers, {@code ssm:GetParameter} on the
 * join parameter; on both, {@code kms:Decrypt} (and on the control plane {@code kms:GenerateDataKey} and
 * {@code kms:Encrypt}) with the environment's key, and ECR pulls. Security groups: UDP 4789 (Calico VXLAN) between
 * nodes, TCP 10250 from the control plane to the kubelets, TCP 6443 from the workers to the control plane. Without a
 * NAT gateway, the nodes need {@code prebaked(true)} and VPC endpoints for SSM, KMS, S3, Secrets Manager, ECR and
 * Cloud Map.
 *
 * <p>Plain Java, no CDK: a CDK construct (another class) puts this text into user data.
 */
public final class NodeBootstrap {

    /** Where the user data writes the settings, and where every script reads them. */
    public static final String ENV_FILE = "/etc/berth/cluster.env";
    /** The control plane's entry script. */
    public static final String CONTROL_PLANE_SCRIPT = "control-plane.sh";
    /** A worker's entry script. */
    public static final String WORKER_SCRIPT = "worker.sh";
    /** The bundle: every file a node needs, in one directory (the entry scripts source {@code node-common.sh}). */
    public static final List<String> SCRIPT_FILES = List.of("node-common.sh", CONTROL_PLANE_SCRIPT, WORKER_SCRIPT,
            "berth-apply.sh", "berth-csr-approver.sh", "berth-drain.sh", "berth-etcd-snapshot.sh", "berth-join-token.sh",
            "berth-secrets-sync.sh");

    /** The Kubernetes version of the nodes: the one whose schemas the rendered objects are validated against. */
    public static final String KUBERNETES_VERSION = KubernetesVersions.KUBERNETES_VERSION;
    /** Calico, whose {@code manifests/calico-vxlan.yaml} at tag {@code v3.33.0} the control plane applies. */
    public static final String CALICO_VERSION = "3.33.0";
    /** kubernetes/cloud-provider-aws's ecr-credential-provider, from artifacts.k8s.io. */
    public static final String ECR_CREDENTIAL_PROVIDER_VERSION = "1.37.0";
    /** The etcd release whose etcdctl (snapshots) and etcdutl (restore) the control plane installs. */
    public static final String ETCD_VERSION = "3.6.9";
    /** Calico's own default: outside the 10.x VPCs Berth makes. */
    public static final String DEFAULT_POD_CIDR = "192.168.0.0/16";
    /** kubeadm's default. */
    public static final String DEFAULT_SERVICE_CIDR = "10.96.0.0/12";

    /** The keys of {@link #ENV_FILE}, in the order they are written. */
    public enum Key {
        /** The AWS region of the cluster (token allowed); the scripts check the instance runs there. */
        BERTH_REGION,
        /** The cluster's name, a DNS label such as {@code notejam-dev}: kubeadm's clusterName. */
        BERTH_CLUSTER,
        /** The Kubernetes version, {@code X.Y.Z} without a v: kubeadm, kubelet, kubectl and the control plane's images. */
        BERTH_KUBERNETES_VERSION,
        /** The pods' IPv4 range (Calico's IP pool and kubeadm's podSubnet). */
        BERTH_POD_CIDR,
        /** The Services' IPv4 range (kubeadm's serviceSubnet). */
        BERTH_SERVICE_CIDR,
        /**
         * The API server's DNS name, a Cloud Map A record such as {@code kube-api.notejam.local}: kubeadm's
         * controlPlaneEndpoint (port 6443) and a SAN of the API server's certificate, so that a replacement control
         * plane keeps the endpoint.
         */
        BERTH_API_ENDPOINT,
        /** The Cloud Map service of that record ({@code srv-...}, token allowed), which the control plane registers in. */
        BERTH_API_SERVICE_ID,
        /** The SSM parameter of the workers' join command (a SecureString; token allowed). */
        BERTH_JOIN_PARAMETER,
        /** The ARN of the environment's KMS key (token allowed): the parameter and the bucket's objects. */
        BERTH_KMS_KEY,
        /** The state bucket (token allowed): etcd snapshots, the PKI backup, the releases' manifests. */
        BERTH_STATE_BUCKET,
        /** The environment's ECR registry, {@code ACCOUNT.dkr.ecr.REGION.amazonaws.com} (tokens allowed). */
        BERTH_ECR_REGISTRY,
        /** Calico's version, {@code X.Y.Z}. */
        BERTH_CNI_VERSION,
        /** ecr-credential-provider's version, {@code X.Y.Z}. */
        BERTH_ECR_CREDENTIAL_PROVIDER_VERSION,
        /** etcd's tools' version, {@code X.Y.Z}. */
        BERTH_ETCD_VERSION,
        /**
         * {@code true} when the AMI holds the binaries, images and the Calico manifest already: the scripts install
         * nothing from the internet (a VPC without NAT). See the scripts for the paths they expect.
         */
        BERTH_PREBAKED
    }

    private static final String TOKEN = "\\$\\{Token\\[[A-Za-z0-9._-]+\\]\\}";
    private static final Pattern CDK_TOKEN = Pattern.compile(TOKEN);
    private static final Pattern VERSION = Pattern.compile("\\d{1,4}\\.\\d{1,4}\\.\\d{1,4}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+"
            + "[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern SERVICE_ID = Pattern.compile("srv-[a-z0-9]{1,64}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("(?=.{1,1011}$)/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z]{2}(-[a-z]+)+-\\d{1,2}:\\d{12}:"
            + "key/[A-Za-z0-9-]{1,128}");
    private static final Pattern BUCKET = Pattern.compile("(?!xn--)(?!sthree-)(?!\\d+\\.\\d+\\.\\d+\\.\\d+$)"
            + "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ECR_REGISTRY = Pattern.compile("\\d{12}\\.dkr\\.ecr\\.[a-z]{2}(-[a-z]+)+-\\d{1,2}"
            + "\\.amazonaws\\.com(\\.cn)?");
    /** What a token-bearing value may hold besides its tokens. */
    private static final Pattern DEFERRED_REST = Pattern.compile("[A-Za-z0-9._:/@-]*");
    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private final SequencedMap<Key, String> settings;

    private NodeBootstrap(Builder builder) {
        SequencedMap<Key, String> values = new LinkedHashMap<>();
        values.put(Key.BERTH_REGION, check(Key.BERTH_REGION, builder.region, REGION, true));
        values.put(Key.BERTH_CLUSTER, check(Key.BERTH_CLUSTER, builder.cluster, DNS_LABEL, false));
        values.put(Key.BERTH_KUBERNETES_VERSION, version(Key.BERTH_KUBERNETES_VERSION, builder.kubernetesVersion));
        values.put(Key.BERTH_POD_CIDR, builder.podCidr);
        values.put(Key.BERTH_SERVICE_CIDR, builder.serviceCidr);
        values.put(Key.BERTH_API_ENDPOINT, check(Key.BERTH_API_ENDPOINT, builder.apiEndpoint, DNS_NAME, false));
        values.put(Key.BERTH_API_SERVICE_ID, check(Key.BERTH_API_SERVICE_ID, builder.apiServiceId, SERVICE_ID, true));
        values.put(Key.BERTH_JOIN_PARAMETER, joinParameter(builder.joinParameter));
        values.put(Key.BERTH_KMS_KEY, check(Key.BERTH_KMS_KEY, builder.kmsKeyArn, KMS_KEY_ARN, true));
        values.put(Key.BERTH_STATE_BUCKET, bucket(builder.stateBucket));
        values.put(Key.BERTH_ECR_REGISTRY, check(Key.BERTH_ECR_REGISTRY, builder.ecrRegistry, ECR_REGISTRY, true));
        values.put(Key.BERTH_CNI_VERSION, version(Key.BERTH_CNI_VERSION, builder.cniVersion));
        values.put(Key.BERTH_ECR_CREDENTIAL_PROVIDER_VERSION,
                version(Key.BERTH_ECR_CREDENTIAL_PROVIDER_VERSION, builder.ecrCredentialProviderVersion));
        values.put(Key.BERTH_ETCD_VERSION, version(Key.BERTH_ETCD_VERSION, builder.etcdVersion));
        values.put(Key.BERTH_PREBAKED, Boolean.toString(builder.prebaked));
        checkRanges(builder.podCidr, builder.serviceCidr, builder.vpcCidr);
        this.settings = Collections.unmodifiableSequencedMap(values);
    }

    /** Settings with Berth's pinned versions and default ranges; {@link Builder#build()} says which are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every key and its value, in the order of {@link Key}. */
    public SequencedMap<Key, String> settings() {
        return settings;
    }

    /** The text of {@link #ENV_FILE}: a comment, then one {@code KEY='value'} line per {@link Key}. */
    public String envFile() {
        StringBuilder text = new StringBuilder("""
                # Berth: the settings of this node's bootstrap scripts (NodeBootstrap). Sourced by bash as root: keep it
                # owned by root and writable by root only.
                """);
        settings.forEach((key, value) -> text.append(key.name()).append('=').append(shellQuote(value)).append('\n'));
        return text.toString();
    }

    /**
     * Shell commands (for user data, run as root) that write {@link #ENV_FILE} root's own, mode 0644. The text goes
     * through a quoted here-document: the shell expands nothing in it.
     */
    public List<String> envFileCommands() {
        String delimiter = "BERTH_CLUSTER_ENV";
        return List.of("install -d -m 0755 /etc/berth",
                "cat > " + ENV_FILE + " <<'" + delimiter + "'\n" + envFile() + delimiter,
                "chown root:root " + ENV_FILE,
                "chmod 0644 " + ENV_FILE);
    }

    /** {@value #CONTROL_PLANE_SCRIPT}: boots (or restores) the cluster's control plane. */
    public static String controlPlaneScript() {
        return script(CONTROL_PLANE_SCRIPT);
    }

    /** {@value #WORKER_SCRIPT}: joins a worker. */
    public static String workerScript() {
        return script(WORKER_SCRIPT);
    }

    /** {@code node-common.sh}: what both sides share, sourced by every other script. */
    public static String commonScript() {
        return script("node-common.sh");
    }

    /** {@code berth-apply.sh}: installed on the control plane as {@code /usr/local/bin/berth-apply RELEASE}. */
    public static String applyScript() {
        return script("berth-apply.sh");
    }

    /** Every file of the bundle ({@link #SCRIPT_FILES}) and its text. */
    public static SequencedMap<String, String> scripts() {
        SequencedMap<String, String> scripts = new LinkedHashMap<>();
        SCRIPT_FILES.forEach(name -> scripts.put(name, script(name)));
        return Collections.unmodifiableSequencedMap(scripts);
    }

    /** One file of the bundle, by its name in {@link #SCRIPT_FILES}. */
    public static String script(String name) {
        if (!SCRIPT_FILES.contains(name)) {
            throw new IllegalArgumentException("no bootstrap script " + name + "; there are " + SCRIPT_FILES);
        }
        try (InputStream in = NodeBootstrap.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("bootstrap script " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The value between single quotes, where bash takes every character as it is. A value that could end the quotes or
     * the line (a quote, a backslash, a line break, any control character) or that is not ASCII is refused: no escaping
     * to get wrong, and the same text for bash and for a human.
     */
    static String shellQuote(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\' || c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("cannot write " + printable(value) + " in " + ENV_FILE + ": it holds "
                        + (c == '\'' ? "a single quote" : c == '\\' ? "a backslash" : c == '\n' ? "a line break"
                        : "the character U+%04X".formatted((int) c)));
            }
        }
        return "'" + value + "'";
    }

    private static String printable(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }

    private static String check(Key key, String value, Pattern shape, boolean tokenAllowed) {
        Objects.requireNonNull(value, () -> key + " is required");
        shellQuote(value);
        if (tokenAllowed && CDK_TOKEN.matcher(value).find()) {
            if (!DEFERRED_REST.matcher(CDK_TOKEN.matcher(value).replaceAll("")).matches()) {
                throw new IllegalArgumentException(key + " " + printable(value) + ": besides its CDK tokens, only letters,"
                        + " digits and . _ : / @ -");
            }
            return value;
        }
        if (!shape.matcher(value).matches()) {
            throw new IllegalArgumentException(key + " " + printable(value) + ": not " + describe(key));
        }
        return value;
    }

    private static String describe(Key key) {
        return switch (key) {
            case BERTH_REGION -> "an AWS region such as eu-west-1";
            case BERTH_CLUSTER -> "a DNS label (lower-case letters, digits and -, at most 63)";
            case BERTH_API_ENDPOINT -> "a lower-case DNS name of two labels or more, such as kube-api.notejam.local";
            case BERTH_API_SERVICE_ID -> "a Cloud Map service id (srv-...)";
            case BERTH_KMS_KEY -> "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)";
            case BERTH_STATE_BUCKET -> "an S3 bucket name";
            case BERTH_JOIN_PARAMETER -> "an SSM parameter name such as /berth/notejam-dev/kubernetes/join";
            case BERTH_ECR_REGISTRY -> "an ECR registry, ACCOUNT.dkr.ecr.REGION.amazonaws.com";
            default -> "valid";
        };
    }

    private static String version(Key key, String value) {
        Objects.requireNonNull(value, () -> key + " is required");
        if (!VERSION.matcher(value).matches()) {
            throw new IllegalArgumentException(key + " " + printable(value) + ": a pinned version X.Y.Z, without a v"
                    + " (no latest, no range)");
        }
        return value;
    }

    private static String joinParameter(String value) {
        String name = check(Key.BERTH_JOIN_PARAMETER, value, PARAMETER_NAME, true);
        String lower = name.replaceFirst("^/", "").toLowerCase(Locale.ROOT);
        if (!CDK_TOKEN.matcher(name).find() && (lower.startsWith("aws") || lower.startsWith("ssm"))) {
            throw new IllegalArgumentException(Key.BERTH_JOIN_PARAMETER + " " + name + ": SSM reserves names that begin"
                    + " with aws or ssm");
        }
        return name;
    }

    private static String bucket(String value) {
        String name = check(Key.BERTH_STATE_BUCKET, value, BUCKET, true);
        if (!CDK_TOKEN.matcher(name).find() && (name.contains("..") || name.contains(".-") || name.contains("-."))) {
            throw new IllegalArgumentException(Key.BERTH_STATE_BUCKET + " " + name + ": not an S3 bucket name");
        }
        return name;
    }

    /**
     * The pods', the Services' and the VPC's ranges must not overlap: a pod address that is also a VPC address, or a
     * Service's, is routed to the wrong place. None may take the link-local range either, where IMDS is.
     */
    private static void checkRanges(String podCidr, String serviceCidr, String vpcCidr) {
        Range pods = Range.parse(Key.BERTH_POD_CIDR.name(), podCidr);
        Range services = Range.parse(Key.BERTH_SERVICE_CIDR.name(), serviceCidr);
        Range vpc = Range.parse("the VPC CIDR", Objects.requireNonNull(vpcCidr,
                "vpcCidr is required: the pod and Service ranges are checked against it"));
        if (pods.prefix() > 22) {
            throw new IllegalArgumentException(Key.BERTH_POD_CIDR + " " + podCidr + ": /22 or wider (each node takes a"
                    + " /24 of it)");
        }
        if (services.prefix() < 12 || services.prefix() > 28) {
            throw new IllegalArgumentException(Key.BERTH_SERVICE_CIDR + " " + serviceCidr + ": /12 to /28 (the API"
                    + " server refuses a wider one)");
        }
        List<Range> ranges = List.of(pods, services, vpc);
        List<Range> reserved = List.of(Range.parse("the link-local range (IMDS)", "169.254.0.0/16"),
                Range.parse("the loopback range", "127.0.0.0/8"));
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                ranges.get(i).refuseOverlap(ranges.get(j));
            }
            for (Range range : reserved) {
                ranges.get(i).refuseOverlap(range);
            }
        }
    }

    /** An IPv4 CIDR as the first and last address it holds. */
    private record Range(String name, String cidr, long first, long last, int prefix) {

        static Range parse(String name, String cidr) {
            Objects.requireNonNull(cidr, () -> name + " is required");
            Matcher m = IPV4_CIDR.matcher(cidr);
            if (!m.matches()) {
                throw new IllegalArgumentException(name + " " + printable(cidr) + ": not an IPv4 CIDR such as 10.0.0.0/16");
            }
            long address = 0;
            for (int i = 1; i <= 4; i++) {
                int octet = Integer.parseInt(m.group(i));
                if (octet > 255 || (m.group(i).length() > 1 && m.group(i).startsWith("0"))) {
                    throw new IllegalArgumentException(name + " " + cidr + ": not an IPv4 address");
                }
                address = address << 8 | octet;
            }
            int prefix = Integer.parseInt(m.group(5));
            if (prefix > 32) {
                throw new IllegalArgumentException(name + " " + cidr + ": a prefix is at most /32");
            }
            long size = 1L << (32 - prefix);
            if (address % size != 0) {
                throw new IllegalArgumentException(name + " " + cidr + ": not the start of a /" + prefix
                        + " (host bits set)");
            }
            return new Range(name, cidr, address, address + size - 1, prefix);
        }

        void refuseOverlap(Range other) {
            if (first <= other.last && other.first <= last) {
                throw new IllegalArgumentException(name + " " + cidr + " overlaps " + other.name + " " + other.cidr
                        + ": pick ranges that share no address");
            }
        }
    }

    /**
     * Builds {@link NodeBootstrap}. Required: {@link #region}, {@link #cluster}, {@link #vpcCidr},
     * {@link #apiEndpoint}, {@link #apiServiceId}, {@link #joinParameter}, {@link #kmsKeyArn}, {@link #stateBucket},
     * {@link #ecrRegistry}. Defaults: the pinned versions ({@link #KUBERNETES_VERSION}, {@link #CALICO_VERSION},
     * {@link #ECR_CREDENTIAL_PROVIDER_VERSION}, {@link #ETCD_VERSION}), {@link #DEFAULT_POD_CIDR},
     * {@link #DEFAULT_SERVICE_CIDR}, not pre-baked.
     */
    public static final class Builder {
        private String region;
        private String cluster;
        private String kubernetesVersion = KUBERNETES_VERSION;
        private String podCidr = DEFAULT_POD_CIDR;
        private String serviceCidr = DEFAULT_SERVICE_CIDR;
        private String vpcCidr;
        private String apiEndpoint;
        private String apiServiceId;
        private String joinParameter;
        private String kmsKeyArn;
        private String stateBucket;
        private String ecrRegistry;
        private String cniVersion = CALICO_VERSION;
        private String ecrCredentialProviderVersion = ECR_CREDENTIAL_PROVIDER_VERSION;
        private String etcdVersion = ETCD_VERSION;
        private boolean prebaked;

        private Builder() {
        }

        /** {@link Key#BERTH_REGION}. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** {@link Key#BERTH_CLUSTER}, e.g. {@code notejam-dev}. */
        public Builder cluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        /** {@link Key#BERTH_KUBERNETES_VERSION}; default {@link #KUBERNETES_VERSION}. */
        public Builder kubernetesVersion(String kubernetesVersion) {
            this.kubernetesVersion = kubernetesVersion;
            return this;
        }

        /** {@link Key#BERTH_POD_CIDR}; default {@link #DEFAULT_POD_CIDR}. */
        public Builder podCidr(String podCidr) {
            this.podCidr = podCidr;
            return this;
        }

        /** {@link Key#BERTH_SERVICE_CIDR}; default {@link #DEFAULT_SERVICE_CIDR}. */
        public Builder serviceCidr(String serviceCidr) {
            this.serviceCidr = serviceCidr;
            return this;
        }

        /** The VPC's CIDR, which the pod and Service ranges must not overlap. Checked only, not written. */
        public Builder vpcCidr(String vpcCidr) {
            this.vpcCidr = vpcCidr;
            return this;
        }

        /** {@link Key#BERTH_API_ENDPOINT}, e.g. {@code kube-api.notejam.local}. */
        public Builder apiEndpoint(String apiEndpoint) {
            this.apiEndpoint = apiEndpoint;
            return this;
        }

        /** {@link Key#BERTH_API_SERVICE_ID}: the Cloud Map service of {@link #apiEndpoint}. */
        public Builder apiServiceId(String apiServiceId) {
            this.apiServiceId = apiServiceId;
            return this;
        }

        /** {@link Key#BERTH_JOIN_PARAMETER}, e.g. {@code /berth/notejam-dev/kubernetes/join}. */
        public Builder joinParameter(String joinParameter) {
            this.joinParameter = joinParameter;
            return this;
        }

        /** {@link Key#BERTH_KMS_KEY}: the environment's key, by ARN. */
        public Builder kmsKeyArn(String kmsKeyArn) {
            this.kmsKeyArn = kmsKeyArn;
            return this;
        }

        /** {@link Key#BERTH_STATE_BUCKET}. */
        public Builder stateBucket(String stateBucket) {
            this.stateBucket = stateBucket;
            return this;
        }

        /** {@link Key#BERTH_ECR_REGISTRY}: {@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}. */
        public Builder ecrRegistry(String ecrRegistry) {
            this.ecrRegistry = ecrRegistry;
            return this;
        }

        /** {@link Key#BERTH_CNI_VERSION}; default {@link #CALICO_VERSION}. */
        public Builder cniVersion(String cniVersion) {
            this.cniVersion = cniVersion;
            return this;
        }

        /** {@link Key#BERTH_ECR_CREDENTIAL_PROVIDER_VERSION}; default {@link #ECR_CREDENTIAL_PROVIDER_VERSION}. */
        public Builder ecrCredentialProviderVersion(String ecrCredentialProviderVersion) {
            this.ecrCredentialProviderVersion = ecrCredentialProviderVersion;
            return this;
        }

        /** {@link Key#BERTH_ETCD_VERSION}; default {@link #ETCD_VERSION}. */
        public Builder etcdVersion(String etcdVersion) {
            this.etcdVersion = etcdVersion;
            return this;
        }

        /** {@link Key#BERTH_PREBAKED}; default false. */
        public Builder prebaked(boolean prebaked) {
            this.prebaked = prebaked;
            return this;
        }

        /** Checks every setting; an {@link IllegalArgumentException} (or NullPointerException) names the first bad one. */
        public NodeBootstrap build() {
            return new NodeBootstrap(this);
        }
    }
}
