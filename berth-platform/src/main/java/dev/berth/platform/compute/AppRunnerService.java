package dev.berth.platform.compute;

import dev.berth.platform.policy.PolicyGate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apprunner.CfnAutoScalingConfiguration;
import software.amazon.awscdk.services.apprunner.CfnService;
import software.amazon.awscdk.services.apprunner.CfnVpcConnector;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * A service on AWS App Runner, from an image of its ECR repository by tag: an access role that pulls from that one
 * repository, an instance role (the task role's equivalent: its secrets, its bucket), its secrets by ARN and its plain
 * variables, the health check, an auto scaling configuration (fewest and most instances, concurrent requests per
 * instance), and a VPC connector in the compute subnets with the service's own security group: its outbound traffic
 * leaves through the VPC, where the traffic graph's rules reach the data tier and the services it calls.
 *
 * <p>Its endpoint is public (App Runner has no other for CloudFront to reach); the regional web ACL associated with it
 * answers 403 to every request without the origin header.
 */
public final class AppRunnerService extends Construct {

    /** How App Runner is told where to pull from: a private ECR image, which the access role reads. */
    static final String ECR = "ECR";
    /** Concurrent requests one instance takes before App Runner adds another: App Runner's default. */
    public static final int MAX_CONCURRENCY = 100;

    private final CfnService service;
    private final CfnAutoScalingConfiguration scaling;
    private final CfnVpcConnector connector;
    private final Role accessRole;
    private final Role instanceRole;

    public AppRunnerService(Construct scope, String id, Props props) {
        super(scope, id);
        this.accessRole = Role.Builder.create(this, "AccessRole")
                .assumedBy(new ServicePrincipal("build.apprunner.amazonaws.com"))
                .description("App Runner pulls " + props.name + "'s image from its repository")
                .build();
        props.repository.grantPull(accessRole);
        PolicyGate.acknowledge(accessRole, "AwsSolutions-IAM5[Resource::*]", "ecr:GetAuthorizationToken has no resource-level"
                + " permissions (it must be granted on *); the image pull itself is granted on the service's one repository.");
        this.instanceRole = Role.Builder.create(this, "InstanceRole")
                .assumedBy(new ServicePrincipal("tasks.apprunner.amazonaws.com"))
                .description("What " + props.name + " may do on AWS: read its secrets, use its bucket")
                .build();
        if (!props.secrets.isEmpty()) {
            // App Runner reads the secrets with the instance role when it starts an instance.
            instanceRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("secretsmanager:GetSecretValue"))
                    .resources(props.secrets.values().stream().map(ISecret::getSecretArn).distinct().toList())
                    .build());
            instanceRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("kms:Decrypt"))
                    .resources(List.of(props.encryptionKey.getKeyArn()))
                    .conditions(Map.of("StringEquals", Map.of("kms:ViaService",
                            "secretsmanager." + Stack.of(this).getRegion() + ".amazonaws.com")))
                    .build());
        }
        if (props.bucket != null) {
            grantBucket(props);
        }
        this.connector = CfnVpcConnector.Builder.create(this, "VpcConnector")
                .subnets(props.subnets.stream().map(ISubnet::getSubnetId).toList())
                .securityGroups(List.of(props.securityGroup.getSecurityGroupId()))
                .build();
        this.scaling = CfnAutoScalingConfiguration.Builder.create(this, "Scaling")
                .minSize(props.minSize)
                .maxSize(props.maxSize)
                .maxConcurrency(MAX_CONCURRENCY)
                .build();
        Map<String, String> variables = new TreeMap<>(props.variables);
        if (props.publicUrl != null) {
            variables.put(WebService.PUBLIC_URL, props.publicUrl);
        }
        if (props.bucket != null) {
            variables.put(WebService.BUCKET_NAME, props.bucket.getBucketName());
        }
        this.service = CfnService.Builder.create(this, "Service")
                .sourceConfiguration(CfnService.SourceConfigurationProperty.builder()
                        .authenticationConfiguration(CfnService.AuthenticationConfigurationProperty.builder()
                                .accessRoleArn(accessRole.getRoleArn())
                                .build())
                        // A release changes the tag parameter and deploys the stack: App Runner never deploys on its own.
                        .autoDeploymentsEnabled(false)
                        .imageRepository(CfnService.ImageRepositoryProperty.builder()
                                .imageIdentifier(props.repository.repositoryUriForTag(props.imageTag))
                                .imageRepositoryType(ECR)
                                .imageConfiguration(CfnService.ImageConfigurationProperty.builder()
                                        .port(String.valueOf(props.port))
                                        .runtimeEnvironmentVariables(pairs(variables))
                                        .runtimeEnvironmentSecrets(pairs(arns(props.secrets)))
                                        .build())
                                .build())
                        .build())
                .instanceConfiguration(CfnService.InstanceConfigurationProperty.builder()
                        .cpu(props.cpu)
                        .memory(props.memory)
                        .instanceRoleArn(instanceRole.getRoleArn())
                        .build())
                .networkConfiguration(CfnService.NetworkConfigurationProperty.builder()
                        .egressConfiguration(CfnService.EgressConfigurationProperty.builder()
                                .egressType("VPC")
                                .vpcConnectorArn(connector.getAttrVpcConnectorArn())
                                .build())
                        .ingressConfiguration(CfnService.IngressConfigurationProperty.builder()
                                .isPubliclyAccessible(true)
                                .build())
                        .build())
                .healthCheckConfiguration(CfnService.HealthCheckConfigurationProperty.builder()
                        .protocol("HTTP")
                        .path(props.healthCheckPath)
                        .interval(10)
                        .timeout(5)
                        .healthyThreshold(1)
                        .unhealthyThreshold(3)
                        .build())
                .autoScalingConfigurationArn(scaling.getAttrAutoScalingConfigurationArn())
                .build();
    }

    private static Map<String, String> arns(Map<String, ISecret> secrets) {
        Map<String, String> arns = new LinkedHashMap<>();
        secrets.forEach((variable, secret) -> arns.put(variable, secret.getSecretArn()));
        return arns;
    }

    private static List<CfnService.KeyValuePairProperty> pairs(Map<String, String> values) {
        List<CfnService.KeyValuePairProperty> pairs = new ArrayList<>();
        values.forEach((name, value) -> pairs.add(CfnService.KeyValuePairProperty.builder().name(name).value(value).build()));
        return pairs;
    }

    /** The instance role reads, writes and deletes the objects of the service's bucket and lists it, as a task role does. */
    private void grantBucket(Props props) {
        String objects = props.bucket.arnForObjects("*");
        instanceRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
                .resources(List.of(objects))
                .build());
        instanceRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(props.bucket.getBucketArn()))
                .build());
        instanceRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of(props.encryptionKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + Stack.of(this).getRegion() + ".amazonaws.com")))
                .build());
        PolicyGate.acknowledge(instanceRole, "AwsSolutions-IAM5[Resource::" + PolicyGate.findingText(this, objects) + "]",
                "The service keeps its files in its own bucket under keys it chooses: every object of that one bucket.");
    }

    public CfnService getService() {
        return service;
    }

    /** The service's ARN, which the regional web ACL is associated with. */
    public String getServiceArn() {
        return service.getAttrServiceArn();
    }

    /** The service's default domain ({@code xxxx.REGION.awsapprunner.com}), its distribution's origin. */
    public String getServiceDomain() {
        return service.getAttrServiceUrl();
    }

    public CfnAutoScalingConfiguration getScaling() {
        return scaling;
    }

    public CfnVpcConnector getConnector() {
        return connector;
    }

    public Role getAccessRole() {
        return accessRole;
    }

    public Role getInstanceRole() {
        return instanceRole;
    }

    public static Props.Builder props() {
        return new Props.Builder();
    }

    /** What an {@link AppRunnerService} needs; {@link Builder} documents each default. */
    public static final class Props {
        final String name;
        final IRepository repository;
        final String imageTag;
        final int port;
        final String healthCheckPath;
        final String cpu;
        final String memory;
        final int minSize;
        final int maxSize;
        final Map<String, String> variables;
        final Map<String, ISecret> secrets;
        final IBucket bucket;
        final IKey encryptionKey;
        final List<ISubnet> subnets;
        final ISecurityGroup securityGroup;
        final String publicUrl;

        private Props(Builder b) {
            this.name = Objects.requireNonNull(b.name, "name");
            this.repository = Objects.requireNonNull(b.repository, "repository");
            this.imageTag = Objects.requireNonNull(b.imageTag, "imageTag");
            this.port = b.port;
            this.healthCheckPath = b.healthCheckPath;
            this.cpu = b.cpu;
            this.memory = b.memory;
            this.minSize = b.minSize;
            this.maxSize = b.maxSize;
            this.variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.variables));
            this.secrets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.secrets));
            this.bucket = b.bucket;
            this.encryptionKey = Objects.requireNonNull(b.encryptionKey, "encryptionKey");
            this.subnets = List.copyOf(Objects.requireNonNull(b.subnets, "subnets"));
            this.securityGroup = Objects.requireNonNull(b.securityGroup, "securityGroup");
            this.publicUrl = b.publicUrl;
            if (minSize < 1 || minSize > maxSize) {
                throw new IllegalArgumentException("App Runner keeps 1 to max instances; got min " + minSize + ", max " + maxSize);
            }
        }

        public static final class Builder {
            private String name;
            private IRepository repository;
            private String imageTag;
            private int port = 8080;
            private String healthCheckPath = "/";
            private String cpu = "1 vCPU";
            private String memory = "2 GB";
            private int minSize = 1;
            private int maxSize = 4;
            private Map<String, String> variables = Map.of();
            private Map<String, ISecret> secrets = Map.of();
            private IBucket bucket;
            private IKey encryptionKey;
            private List<ISubnet> subnets;
            private ISecurityGroup securityGroup;
            private String publicUrl;

            /** Required: the service's name, in descriptions. */
            public Builder name(String name) {
                this.name = name;
                return this;
            }

            /** Required: the repository and the tag to run (a stack parameter's value). */
            public Builder image(IRepository repository, String imageTag) {
                this.repository = repository;
                this.imageTag = imageTag;
                return this;
            }

            /** Default 8080 and {@code /}: the port the container listens on and the path App Runner probes. */
            public Builder port(int port, String healthCheckPath) {
                this.port = port;
                this.healthCheckPath = healthCheckPath;
                return this;
            }

            /** Default 1 vCPU and 2 GB: one of App Runner's pairs, as it writes them ({@code 0.25 vCPU}, {@code 0.5 GB}). */
            public Builder size(String cpu, String memory) {
                this.cpu = cpu;
                this.memory = memory;
                return this;
            }

            /** Default 1 to 4 instances; App Runner keeps at least one. */
            public Builder instances(int minSize, int maxSize) {
                this.minSize = minSize;
                this.maxSize = maxSize;
                return this;
            }

            /** Default none: plain variables. */
            public Builder variables(Map<String, String> variables) {
                this.variables = variables;
                return this;
            }

            /** Default none: variables read from Secrets Manager, each a whole secret by ARN. */
            public Builder secrets(Map<String, ISecret> secrets) {
                this.secrets = secrets;
                return this;
            }

            /** Default none: the service's bucket, as {@code BUCKET_NAME}. */
            public Builder bucket(IBucket bucket) {
                this.bucket = bucket;
                return this;
            }

            /** Required: the environment key, which encrypts its secrets and bucket. */
            public Builder encryptionKey(IKey encryptionKey) {
                this.encryptionKey = encryptionKey;
                return this;
            }

            /** Required: the VPC connector's subnets and the service's security group. */
            public Builder network(List<ISubnet> subnets, ISecurityGroup securityGroup) {
                this.subnets = subnets;
                this.securityGroup = securityGroup;
                return this;
            }

            /** Default none: {@code BERTH_PUBLIC_URL}, where users reach it. */
            public Builder publicUrl(String publicUrl) {
                this.publicUrl = publicUrl;
                return this;
            }

            public Props build() {
                return new Props(this);
            }
        }
    }
}
