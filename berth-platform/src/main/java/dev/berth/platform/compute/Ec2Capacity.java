package dev.berth.platform.compute;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.ecs.AmiHardwareType;
import software.amazon.awscdk.services.ecs.AsgCapacityProvider;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.EcsOptimizedImage;
import software.amazon.awscdk.services.ecs.MachineImageType;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * The ECS capacity provider of an environment's own instances: an {@link InstanceGroup} of the ECS-optimized Amazon Linux
 * 2023 AMI for the instances' architecture, registered in the cluster, scaled by ECS managed scaling to what the tasks
 * placed on it need ({@link Props.Builder#targetCapacityPercent}), drained by ECS before an instance goes. Tasks use
 * {@code awsvpc} networking: each has its own network interface and its service's security group; the instances' group
 * admits nothing.
 *
 * <p>Managed termination protection is off: with it, CDK's {@code AsgCapacityProvider} is known to hang stack deletion
 * (the group's instances stay protected while the service that protected them is gone); managed draining moves the tasks
 * off an instance before the group stops it, which is what the protection was for.
 */
public final class Ec2Capacity extends Construct {

    private final InstanceGroup instances;
    private final AsgCapacityProvider capacityProvider;

    public Ec2Capacity(Construct scope, String id, Props props) {
        super(scope, id);
        UserData userData = UserData.forLinux();
        // Tasks in awsvpc mode are kept from the instance's metadata service by the agent too, beside the hop limit of 1.
        userData.addCommands(
                "echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config",
                "echo ECS_RESERVED_MEMORY=" + props.reservedMemoryMiB + " >> /etc/ecs/ecs.config",
                "echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=" + props.spot + " >> /etc/ecs/ecs.config");
        this.instances = new InstanceGroup(this, "Instances", InstanceGroup.Props.builder()
                .vpc(props.vpc)
                .subnets(props.subnets)
                .securityGroup(props.securityGroup)
                .machineImage(EcsOptimizedImage.amazonLinux2023(props.arm64 ? AmiHardwareType.ARM : AmiHardwareType.STANDARD))
                .userData(userData)
                .instanceTypes(props.instanceTypes)
                .capacity(props.minInstances, props.maxInstances)
                .spot(props.spot)
                .encryptionKey(props.encryptionKey)
                .description("ECS container instances of " + props.cluster.getClusterName())
                .build());
        this.capacityProvider = AsgCapacityProvider.Builder.create(this, "Provider")
                .autoScalingGroup(instances.getAutoScalingGroup())
                .machineImageType(MachineImageType.AMAZON_LINUX_2)
                .enableManagedScaling(true)
                .targetCapacityPercent(props.targetCapacityPercent)
                .enableManagedTerminationProtection(false)
                .enableManagedDraining(true)
                .spotInstanceDraining(props.spot)
                .build();
        props.cluster.addAsgCapacityProvider(capacityProvider);
        PolicyGate.acknowledge(instances.getRole(), "AwsSolutions-IAM5[Resource::*]",
                "The SSM agent's calls and the ECS agent's that name no resource (ecs:DiscoverPollEndpoint,"
                        + " ecr:GetAuthorizationToken, the telemetry and log calls CDK grants the container instance role) are"
                        + " granted on *; registering and polling are limited to the environment's cluster.");
        PolicyGate.acknowledge(instances.getRole(), "AwsSolutions-IAM5[Action::ecs:Submit*]",
                "ecs:Submit* are the agent's reports of its tasks' and containers' states, on the environment's cluster alone.");
    }

    /** The name a service's capacity provider strategy gives. */
    public String getCapacityProviderName() {
        return capacityProvider.getCapacityProviderName();
    }

    public InstanceGroup getInstances() {
        return instances;
    }

    /** What an {@link Ec2Capacity} needs; {@link #builder()} documents each default. */
    public static final class Props {

        final Cluster cluster;
        final IVpc vpc;
        final SubnetSelection subnets;
        final ISecurityGroup securityGroup;
        final List<String> instanceTypes;
        final boolean arm64;
        final int minInstances;
        final int maxInstances;
        final boolean spot;
        final IKey encryptionKey;
        final int targetCapacityPercent;
        final int reservedMemoryMiB;

        private Props(Builder b) {
            this.cluster = Objects.requireNonNull(b.cluster, "cluster");
            this.vpc = Objects.requireNonNull(b.vpc, "vpc");
            this.subnets = Objects.requireNonNull(b.subnets, "subnets");
            this.securityGroup = Objects.requireNonNull(b.securityGroup, "securityGroup");
            this.instanceTypes = List.copyOf(b.instanceTypes);
            this.arm64 = b.arm64;
            this.minInstances = b.minInstances;
            this.maxInstances = b.maxInstances;
            this.spot = b.spot;
            this.encryptionKey = Objects.requireNonNull(b.encryptionKey, "encryptionKey");
            this.targetCapacityPercent = b.targetCapacityPercent;
            this.reservedMemoryMiB = b.reservedMemoryMiB;
            if (targetCapacityPercent < 1 || targetCapacityPercent > 100) {
                throw new IllegalArgumentException("targetCapacityPercent " + targetCapacityPercent + ": 1 to 100");
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private Cluster cluster;
            private IVpc vpc;
            private SubnetSelection subnets;
            private ISecurityGroup securityGroup;
            private List<String> instanceTypes = List.of("t3.medium");
            private boolean arm64;
            private int minInstances;
            private int maxInstances = 4;
            private boolean spot;
            private IKey encryptionKey;
            private int targetCapacityPercent = 100;
            private int reservedMemoryMiB = 256;

            /** The cluster the instances join and the provider is added to. */
            public Builder cluster(Cluster cluster) {
                this.cluster = cluster;
                return this;
            }

            public Builder vpc(IVpc vpc) {
                this.vpc = vpc;
                return this;
            }

            public Builder subnets(SubnetSelection subnets) {
                this.subnets = subnets;
                return this;
            }

            /** The instances' own group: with awsvpc the tasks have theirs, so it needs no inbound rule. */
            public Builder securityGroup(ISecurityGroup securityGroup) {
                this.securityGroup = securityGroup;
                return this;
            }

            /** Default t3.medium on x86_64; {@code arm64} picks the Graviton AMI. */
            public Builder instanceTypes(List<String> instanceTypes, boolean arm64) {
                this.instanceTypes = instanceTypes;
                this.arm64 = arm64;
                return this;
            }

            /** Default 0 to 4: with 0, managed scaling starts the first instance when a task needs one. */
            public Builder capacity(int minInstances, int maxInstances) {
                this.minInstances = minInstances;
                this.maxInstances = maxInstances;
                return this;
            }

            public Builder spot(boolean spot) {
                this.spot = spot;
                return this;
            }

            public Builder encryptionKey(IKey encryptionKey) {
                this.encryptionKey = encryptionKey;
                return this;
            }

            /**
             * Default 100: managed scaling keeps as many instances as the tasks fill, none spare; a new task beyond them
             * waits for an instance (a minute or two). Lower keeps room ready.
             */
            public Builder targetCapacityPercent(int targetCapacityPercent) {
                this.targetCapacityPercent = targetCapacityPercent;
                return this;
            }

            /** Default 256: what the ECS agent keeps for the operating system and itself. */
            public Builder reservedMemoryMiB(int reservedMemoryMiB) {
                this.reservedMemoryMiB = reservedMemoryMiB;
                return this;
            }

            public Props build() {
                return new Props(this);
            }
        }
    }
}
