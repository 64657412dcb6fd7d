package dev.berth.platform.kubernetes;

import dev.berth.platform.compute.InstanceGroup;
import dev.berth.platform.data.ServiceBucket;
import dev.berth.platform.network.SubnetTier;
import dev.berth.platform.network.Zone;
import dev.berth.platform.policy.PolicyGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.S3DownloadOptions;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.servicediscovery.DnsRecordType;
import software.amazon.awscdk.services.servicediscovery.PrivateDnsNamespace;
import software.amazon.awscdk.services.servicediscovery.Service;
import software.constructs.Construct;

/**
 * A self-managed Kubernetes cluster on EC2 (seed 000): one kubeadm control plane in an Auto Scaling group of exactly one,
 * so a lost instance is replaced and takes the cluster back from its state bucket (etcd snapshots, the PKI); workers in
 * an Auto Scaling group that join through the join command the control plane keeps in an SSM SecureString under the
 * environment key; the ingress controller's node port behind an instance target group. Both groups are
 * {@link InstanceGroup}s (IMDSv2 at one hop, so pods never reach a node's credentials; encrypted volumes; no SSH).
 *
 * <p>The API server is reached inside the VPC alone, at {@code kube-api.NAMESPACE} (a Cloud Map record the control plane
 * registers itself under), by the workers; deploys reach it through SSM Run Command on the control plane. What each
 * role may do: the workers read the join parameter and pull the environment's images, nothing more; the control plane
 * also writes the parameter, keeps its state in the bucket, registers the endpoint, and reads the environment's secrets
 * for the secret sync (the pods get them as Kubernetes Secrets, never AWS credentials).
 */
public final class SelfManagedCluster extends Construct {

    public static final Zone CONTROL_PLANE = Zone.group("KubernetesControlPlane", SubnetTier.COMPUTE,
            "Kubernetes control plane: its API server reached by the workers alone");
    public static final Zone WORKERS = Zone.group("KubernetesWorkers", SubnetTier.COMPUTE,
            "Kubernetes workers: the ingress node port from the load balancer, the kubelet from the control plane");
    public static final int API_SERVER_PORT = 6443;
    public static final int KUBELET_PORT = 10250;
    /** Calico's VXLAN, the pods' network between nodes. */
    public static final int VXLAN_PORT = 4789;
    /** The Cloud Map name of the API server: {@code kube-api.PROJECT.local}. */
    public static final String API_ENDPOINT_NAME = "kube-api";
    /** Where the user data puts the bootstrap bundle before it runs. */
    static final String BUNDLE_DIRECTORY = "/opt/berth/bootstrap";

    private final Bucket stateBucket;
    private final InstanceGroup controlPlane;
    private final InstanceGroup workers;
    private final ApplicationTargetGroup ingressTargets;

    public SelfManagedCluster(Construct scope, String id, Props props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        this.stateBucket = ServiceBucket.configured(Bucket.Builder.create(this, "State"), props.encryptionKey).build();
        PolicyGate.acknowledge(stateBucket, "AwsSolutions-S1", "The control plane's role is the bucket's only writer (etcd"
                + " snapshots, the PKI backup) and the deploy its only other; their calls are in CloudTrail.");
        Service apiEndpoint = Service.Builder.create(this, "ApiEndpoint")
                .namespace(props.namespace)
                .name(API_ENDPOINT_NAME)
                .dnsRecordType(DnsRecordType.A)
                .dnsTtl(Duration.seconds(10))
                .description("The Kubernetes API server of " + props.name)
                .build();
        String registry = Aws.ACCOUNT_ID + ".dkr.ecr." + Aws.REGION + ".amazonaws.com";
        NodeBootstrap settings = NodeBootstrap.builder()
                .region(Aws.REGION)
                .cluster(props.name)
                .vpcCidr(props.vpcCidr)
                .apiEndpoint(API_ENDPOINT_NAME + "." + props.namespaceName)
                .apiServiceId(apiEndpoint.getServiceId())
                .joinParameter(props.joinParameter)
                .kmsKeyArn(props.encryptionKey.getKeyArn())
                .stateBucket(stateBucket.getBucketName())
                .ecrRegistry(registry)
                .prebaked(props.nodeImage != null)
                .build();
        Asset bundle = Asset.Builder.create(this, "Bootstrap").path(bundleDirectory().toString()).build();
        IMachineImage image = props.nodeImage != null ? MachineImage.genericLinux(Map.of(stack.getRegion(), props.nodeImage))
                : MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
                        .cpuType(props.arm64 ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64)
                        .build());
        this.controlPlane = new InstanceGroup(this, "ControlPlane", InstanceGroup.Props.builder()
                .vpc(props.vpc)
                .subnets(props.subnets)
                .securityGroup(props.controlPlaneGroup)
                .machineImage(image)
                .userData(userData(settings, bundle, NodeBootstrap.CONTROL_PLANE_SCRIPT))
                .instanceTypes(List.of(props.controlPlaneType))
                .capacity(1, 1)
                .encryptionKey(props.encryptionKey)
                .description("Kubernetes control plane of " + props.name)
                .build());
        this.workers = new InstanceGroup(this, "Workers", InstanceGroup.Props.builder()
                .vpc(props.vpc)
                .subnets(props.subnets)
                .securityGroup(props.workersGroup)
                .machineImage(image)
                .userData(userData(settings, bundle, NodeBootstrap.WORKER_SCRIPT))
                .instanceTypes(props.workerTypes)
                .capacity(props.minWorkers, props.maxWorkers)
                .spot(props.spot)
                .encryptionKey(props.encryptionKey)
                .description("Kubernetes workers of " + props.name)
                .build());
        // The one object of the bundle, not the asset grant's wildcards over the whole assets bucket.
        for (InstanceGroup group : List.of(controlPlane, workers)) {
            group.getRole().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("s3:GetObject"))
                    .resources(List.of(bundle.getBucket().arnForObjects(bundle.getS3ObjectKey())))
                    .build());
        }
        String parameterArn = "arn:" + Aws.PARTITION + ":ssm:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":parameter" + props.joinParameter;
        grantJoinParameter(controlPlane.getRole(), props, parameterArn, true);
        grantJoinParameter(workers.getRole(), props, parameterArn, false);
        for (IRepository repository : props.repositories) {
            repository.grantPull(controlPlane.getRole());
            repository.grantPull(workers.getRole());
        }
        grantControlPlane(props, apiEndpoint);
        this.ingressTargets = ApplicationTargetGroup.Builder.create(this, "IngressTargets")
                .vpc(props.vpc)
                .port(KubernetesManifests.INGRESS_NODE_PORT)
                .protocol(ApplicationProtocol.HTTP)
                .targetType(TargetType.INSTANCE)
                .deregistrationDelay(Duration.seconds(30))
                .healthCheck(HealthCheck.builder()
                        .path(KubernetesManifests.INGRESS_HEALTH_PATH)
                        .healthyHttpCodes("200")
                        .interval(Duration.seconds(10))
                        .healthyThresholdCount(2)
                        .unhealthyThresholdCount(3)
                        .build())
                .build();
        workers.getAutoScalingGroup().attachToApplicationTargetGroup(ingressTargets);
        acknowledgeRoles(props);
    }

    /** Writes the settings, fetches the bundle from its asset, and runs the node's entry script from it. */
    private static UserData userData(NodeBootstrap settings, Asset bundle, String entryScript) {
        UserData userData = UserData.forLinux();
        userData.addCommands("set -euo pipefail");
        userData.addCommands(settings.envFileCommands().toArray(String[]::new));
        String archive = userData.addS3DownloadCommand(S3DownloadOptions.builder()
                .bucket(bundle.getBucket())
                .bucketKey(bundle.getS3ObjectKey())
                .localFile("/opt/berth/bootstrap.zip")
                .build());
        userData.addCommands("install -d -m 0755 " + BUNDLE_DIRECTORY,
                // Amazon Linux 2023 has python3 (dnf needs it) but not always unzip.
                "python3 -m zipfile -e " + archive + " " + BUNDLE_DIRECTORY,
                "bash " + BUNDLE_DIRECTORY + "/" + entryScript);
        return userData;
    }

    /** The bootstrap scripts as one directory for the asset: the same bytes always make the same asset hash. */
    private static Path bundleDirectory() {
        try {
            Path directory = Files.createTempDirectory("berth-node-bootstrap");
            directory.toFile().deleteOnExit();
            for (Map.Entry<String, String> script : NodeBootstrap.scripts().entrySet()) {
                Path file = Files.writeString(directory.resolve(script.getKey()), script.getValue());
                file.toFile().deleteOnExit();
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the node bootstrap scripts for their asset", e);
        }
    }

    /** The control plane writes the join command, the workers read it: that parameter alone, with the environment key through SSM. */
    private static void grantJoinParameter(IRole role, Props props, String parameterArn, boolean write) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(write ? List.of("ssm:GetParameter", "ssm:PutParameter") : List.of("ssm:GetParameter"))
                .resources(List.of(parameterArn))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(write ? List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey") : List.of("kms:Decrypt"))
                .resources(List.of(props.encryptionKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "ssm." + Aws.REGION + ".amazonaws.com")))
                .build());
    }

    /**
     * The control plane's own: its state in the bucket (snapshots, the PKI, the releases the deploy uploads), its address
     * under the API endpoint, and the environment's secrets for the secret sync.
     */
    private void grantControlPlane(Props props, Service apiEndpoint) {
        IRole role = controlPlane.getRole();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(stateBucket.getBucketArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:PutObject"))
                .resources(List.of(stateBucket.arnForObjects("etcd/*"), stateBucket.arnForObjects("pki/*"),
                        stateBucket.arnForObjects("manifests/*")))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of(props.encryptionKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + Aws.REGION + ".amazonaws.com")))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("servicediscovery:RegisterInstance", "servicediscovery:DeregisterInstance",
                        "servicediscovery:ListInstances"))
                .resources(List.of(apiEndpoint.getServiceArn()))
                .build());
        // Cloud Map changes the namespace's Route 53 records as the caller, and reports the change as an operation.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("route53:ChangeResourceRecordSets", "route53:GetHostedZone"))
                .resources(List.of("arn:" + Aws.PARTITION + ":route53:::hostedzone/" + props.namespace.getNamespaceHostedZoneId()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("servicediscovery:GetOperation"))
                .resources(List.of("*"))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of("arn:" + Aws.PARTITION + ":secretsmanager:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":secret:"
                        + props.secretsPrefix + "*"))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(props.encryptionKey.getKeyArn()))
                .conditions(new TreeMap<>(Map.of("StringEquals", Map.of("kms:ViaService", "secretsmanager." + Aws.REGION + ".amazonaws.com"))))
                .build());
    }

    private void acknowledgeRoles(Props props) {
        for (InstanceGroup group : List.of(controlPlane, workers)) {
            PolicyGate.acknowledge(group.getRole(), "AwsSolutions-IAM5[Resource::*]", "The SSM agent's calls, ecr:GetAuthorizationToken"
                    + " and Cloud Map's GetOperation name no resource; image pulls are limited to the environment's repositories.");
        }
        IRole role = controlPlane.getRole();
        for (String prefix : List.of("etcd", "pki", "manifests")) {
            PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this, stateBucket.arnForObjects(prefix + "/*"))
                    + "]", "The control plane keeps its state under " + prefix + "/ of its own bucket: the objects it writes there"
                    + " have names it chooses (snapshots, the PKI backup, releases).");
        }
        PolicyGate.acknowledge(role, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this, "arn:" + Aws.PARTITION
                + ":secretsmanager:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":secret:" + props.secretsPrefix + "*") + "]",
                "The secret sync copies the services' secrets into the cluster: every secret of this environment (its names all"
                        + " start with project/environment/), not another environment's.");
    }

    /** The bucket of the cluster's state: etcd snapshots, the PKI backup, the releases the deploy uploads. */
    public Bucket getStateBucket() {
        return stateBucket;
    }

    public InstanceGroup getControlPlane() {
        return controlPlane;
    }

    public InstanceGroup getWorkers() {
        return workers;
    }

    /** The workers' ingress node port, for the load balancer's rules. */
    public ApplicationTargetGroup getIngressTargets() {
        return ingressTargets;
    }

    /** What a {@link SelfManagedCluster} needs; {@link #builder()} documents each default. */
    public static final class Props {

        final String name;
        final IVpc vpc;
        final SubnetSelection subnets;
        final ISecurityGroup controlPlaneGroup;
        final ISecurityGroup workersGroup;
        final IKey encryptionKey;
        final PrivateDnsNamespace namespace;
        final String namespaceName;
        final String vpcCidr;
        final String controlPlaneType;
        final List<String> workerTypes;
        final boolean arm64;
        final int minWorkers;
        final int maxWorkers;
        final boolean spot;
        final String nodeImage;
        final String joinParameter;
        final String secretsPrefix;
        final List<IRepository> repositories;

        private Props(Builder b) {
            this.name = Objects.requireNonNull(b.name, "name");
            this.vpc = Objects.requireNonNull(b.vpc, "vpc");
            this.subnets = Objects.requireNonNull(b.subnets, "subnets");
            this.controlPlaneGroup = Objects.requireNonNull(b.controlPlaneGroup, "controlPlaneGroup");
            this.workersGroup = Objects.requireNonNull(b.workersGroup, "workersGroup");
            this.encryptionKey = Objects.requireNonNull(b.encryptionKey, "encryptionKey");
            this.namespace = Objects.requireNonNull(b.namespace, "namespace");
            this.namespaceName = Objects.requireNonNull(b.namespaceName, "namespaceName");
            this.vpcCidr = Objects.requireNonNull(b.vpcCidr, "vpcCidr");
            this.controlPlaneType = b.controlPlaneType;
            this.workerTypes = List.copyOf(b.workerTypes);
            this.arm64 = b.arm64;
            this.minWorkers = b.minWorkers;
            this.maxWorkers = b.maxWorkers;
            this.spot = b.spot;
            this.nodeImage = b.nodeImage;
            this.joinParameter = Objects.requireNonNull(b.joinParameter, "joinParameter");
            this.secretsPrefix = Objects.requireNonNull(b.secretsPrefix, "secretsPrefix");
            this.repositories = List.copyOf(b.repositories);
            if (!joinParameter.startsWith("/")) {
                throw new IllegalArgumentException("joinParameter " + joinParameter + ": a path, starting with /");
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String name;
            private IVpc vpc;
            private SubnetSelection subnets;
            private ISecurityGroup controlPlaneGroup;
            private ISecurityGroup workersGroup;
            private IKey encryptionKey;
            private PrivateDnsNamespace namespace;
            private String namespaceName;
            private String vpcCidr;
            private String controlPlaneType = "t3.medium";
            private List<String> workerTypes = List.of("t3.medium");
            private boolean arm64;
            private int minWorkers = 1;
            private int maxWorkers = 3;
            private boolean spot;
            private String nodeImage;
            private String joinParameter;
            private String secretsPrefix;
            private List<IRepository> repositories = List.of();

            /** The cluster's name, {@code project-environment}. */
            public Builder name(String name) {
                this.name = name;
                return this;
            }

            /** The VPC, its CIDR (which the pods' and services' ranges must not overlap) and the private subnets of the nodes. */
            public Builder network(IVpc vpc, String vpcCidr, SubnetSelection subnets) {
                this.vpc = vpc;
                this.vpcCidr = vpcCidr;
                this.subnets = subnets;
                return this;
            }

            /** The groups of the traffic graph's {@link #CONTROL_PLANE} and {@link #WORKERS}. */
            public Builder groups(ISecurityGroup controlPlaneGroup, ISecurityGroup workersGroup) {
                this.controlPlaneGroup = controlPlaneGroup;
                this.workersGroup = workersGroup;
                return this;
            }

            /** Encrypts the volumes, the join parameter and the state bucket; decrypts the environment's secrets. */
            public Builder encryptionKey(IKey encryptionKey) {
                this.encryptionKey = encryptionKey;
                return this;
            }

            /** The private DNS namespace ({@code PROJECT.local}) the API endpoint is registered in, and its name. */
            public Builder namespace(PrivateDnsNamespace namespace, String namespaceName) {
                this.namespace = namespace;
                this.namespaceName = namespaceName;
                return this;
            }

            /** Default t3.medium: kubeadm's floor is 2 vCPU and 2 GiB. */
            public Builder controlPlaneType(String controlPlaneType) {
                this.controlPlaneType = controlPlaneType;
                return this;
            }

            /** Default t3.medium, 1 to 3, on-demand, x86_64. */
            public Builder workers(List<String> workerTypes, boolean arm64, int minWorkers, int maxWorkers, boolean spot) {
                this.workerTypes = workerTypes;
                this.arm64 = arm64;
                this.minWorkers = minWorkers;
                this.maxWorkers = maxWorkers;
                this.spot = spot;
                return this;
            }

            /** Default none: Amazon Linux 2023, set up at boot. An AMI with everything on it needs no internet. */
            public Builder nodeImage(String nodeImage) {
                this.nodeImage = nodeImage;
                return this;
            }

            /** The SSM parameter (a path) of the join command. */
            public Builder joinParameter(String joinParameter) {
                this.joinParameter = joinParameter;
                return this;
            }

            /** The names of the environment's secrets start with it ({@code project/environment/}): the secret sync reads those. */
            public Builder secretsPrefix(String secretsPrefix) {
                this.secretsPrefix = secretsPrefix;
                return this;
            }

            /** Default none: the repositories the nodes may pull from. */
            public Builder repositories(List<IRepository> repositories) {
                this.repositories = repositories;
                return this;
            }

            public Props build() {
                return new Props(this);
            }
        }
    }
}
