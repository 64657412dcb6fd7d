package dev.berth.platform.compute;

import dev.berth.platform.policy.PolicyGate;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.InstancesDistribution;
import software.amazon.awscdk.services.autoscaling.LaunchTemplateOverrides;
import software.amazon.awscdk.services.autoscaling.MixedInstancesPolicy;
import software.amazon.awscdk.services.autoscaling.OnDemandAllocationStrategy;
import software.amazon.awscdk.services.autoscaling.SpotAllocationStrategy;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.IMachineImage;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.LaunchTemplateHttpTokens;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * EC2 instances in an Auto Scaling group, hardened the same way whatever they run (ECS tasks, a Kubernetes control plane,
 * workers): a launch template that requires IMDSv2 with a hop limit of 1, so a container behind the instance's network
 * namespace cannot reach the instance's credentials; an encrypted gp3 root volume with the environment key; no public
 * address, no key pair and no SSH, Session Manager being the way in (the instance role has the SSM agent's calls and
 * nothing else until a user adds to it); on-demand, or Spot
 * instances through a mixed instances policy over every type given.
 */
public final class InstanceGroup extends Construct {

    /**
     * What the SSM agent needs for Session Manager and Run Command, and no more: AWS's AmazonSSMManagedInstanceCore would
     * also let the instance read every parameter of the account.
     */
    static final List<String> SSM_AGENT_ACTIONS = List.of("ssm:UpdateInstanceInformation",
            "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel",
            "ssmmessages:OpenDataChannel", "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage",
            "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply");

    private final IRole role;
    private final LaunchTemplate launchTemplate;
    private final AutoScalingGroup autoScalingGroup;

    public InstanceGroup(Construct scope, String id, Props props) {
        super(scope, id);
        Role instanceRole = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description(props.description)
                .build();
        instanceRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(SSM_AGENT_ACTIONS)
                .resources(List.of("*"))
                .build());
        this.role = instanceRole;
        PolicyGate.acknowledge(instanceRole, "AwsSolutions-IAM5[Resource::*]", "The SSM agent's calls (Session Manager, which"
                + " replaces SSH, and Run Command) name no resource: they act on the calling instance's own channel.");
        this.launchTemplate = LaunchTemplate.Builder.create(this, "LaunchTemplate")
                .machineImage(props.machineImage)
                .instanceType(new InstanceType(props.instanceTypes.getFirst()))
                .userData(props.userData)
                .role(instanceRole)
                .securityGroup(props.securityGroup)
                .requireImdsv2(true)
                .httpTokens(LaunchTemplateHttpTokens.REQUIRED)
                .httpPutResponseHopLimit(1)
                .associatePublicIpAddress(false)
                .blockDevices(List.of(BlockDevice.builder()
                        .deviceName(props.rootDevice)
                        .volume(BlockDeviceVolume.ebs(props.rootVolumeGiB, EbsDeviceOptions.builder()
                                .volumeType(EbsDeviceVolumeType.GP3)
                                .encrypted(true)
                                .kmsKey(props.encryptionKey)
                                .deleteOnTermination(true)
                                .build()))
                        .build()))
                .build();
        AutoScalingGroup.Builder group = AutoScalingGroup.Builder.create(this, "Group")
                .vpc(props.vpc)
                .vpcSubnets(props.subnets)
                .minCapacity(props.minInstances)
                .maxCapacity(props.maxInstances);
        if (props.spot || props.instanceTypes.size() > 1) {
            group.mixedInstancesPolicy(MixedInstancesPolicy.builder()
                    .launchTemplate(launchTemplate)
                    .launchTemplateOverrides(props.instanceTypes.stream()
                            .map(type -> LaunchTemplateOverrides.builder().instanceType(new InstanceType(type)).build())
                            .toList())
                    .instancesDistribution(InstancesDistribution.builder()
                            .onDemandBaseCapacity(0)
                            .onDemandPercentageAboveBaseCapacity(props.spot ? 0 : 100)
                            .onDemandAllocationStrategy(OnDemandAllocationStrategy.PRIORITIZED)
                            // The pools least likely to be interrupted, among the cheapest: AWS's advice for Spot.
                            .spotAllocationStrategy(SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED)
                            .build())
                    .build());
            // A Spot instance warned of its interruption is replaced before it goes.
            group.capacityRebalance(props.spot);
        } else {
            group.launchTemplate(launchTemplate);
        }
        this.autoScalingGroup = group.build();
        PolicyGate.acknowledge(autoScalingGroup, "AwsSolutions-EC26", "The rule cannot follow the group's reference to its"
                + " launch template (an intrinsic): the template's only volume, the root, is gp3 encrypted with the environment key.");
        PolicyGate.acknowledge(autoScalingGroup, "AwsSolutions-AS3", "Scaling events are watched through CloudWatch (the group's"
                + " metrics and the environment's alarms) rather than e-mailed one by one.");
    }

    /** The instances' role: what runs on them adds its permissions here. */
    public IRole getRole() {
        return role;
    }

    public LaunchTemplate getLaunchTemplate() {
        return launchTemplate;
    }

    public AutoScalingGroup getAutoScalingGroup() {
        return autoScalingGroup;
    }

    /** What an {@link InstanceGroup} needs; {@link #builder()} documents each default. */
    public static final class Props {

        final IVpc vpc;
        final SubnetSelection subnets;
        final ISecurityGroup securityGroup;
        final IMachineImage machineImage;
        final UserData userData;
        final List<String> instanceTypes;
        final int minInstances;
        final int maxInstances;
        final boolean spot;
        final IKey encryptionKey;
        final int rootVolumeGiB;
        final String rootDevice;
        final String description;

        private Props(Builder b) {
            this.vpc = Objects.requireNonNull(b.vpc, "vpc");
            this.subnets = Objects.requireNonNull(b.subnets, "subnets");
            this.securityGroup = Objects.requireNonNull(b.securityGroup, "securityGroup");
            this.machineImage = Objects.requireNonNull(b.machineImage, "machineImage");
            this.userData = Objects.requireNonNull(b.userData, "userData");
            this.instanceTypes = List.copyOf(b.instanceTypes);
            this.minInstances = b.minInstances;
            this.maxInstances = b.maxInstances;
            this.spot = b.spot;
            this.encryptionKey = Objects.requireNonNull(b.encryptionKey, "encryptionKey");
            this.rootVolumeGiB = b.rootVolumeGiB;
            this.rootDevice = b.rootDevice;
            this.description = Objects.requireNonNull(b.description, "description");
            if (instanceTypes.isEmpty()) {
                throw new IllegalArgumentException("at least one instance type");
            }
            if (minInstances < 0 || maxInstances < Math.max(1, minInstances)) {
                throw new IllegalArgumentException("expected 0 <= minInstances <= maxInstances, maxInstances >= 1; got "
                        + minInstances + " and " + maxInstances);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private IVpc vpc;
            private SubnetSelection subnets;
            private ISecurityGroup securityGroup;
            private IMachineImage machineImage;
            private UserData userData;
            private List<String> instanceTypes = List.of();
            private int minInstances;
            private int maxInstances = 1;
            private boolean spot;
            private IKey encryptionKey;
            private int rootVolumeGiB = 30;
            private String rootDevice = "/dev/xvda";
            private String description;

            public Builder vpc(IVpc vpc) {
                this.vpc = vpc;
                return this;
            }

            /** The private subnets the instances run in. */
            public Builder subnets(SubnetSelection subnets) {
                this.subnets = subnets;
                return this;
            }

            public Builder securityGroup(ISecurityGroup securityGroup) {
                this.securityGroup = securityGroup;
                return this;
            }

            /** The AMI; its architecture must be the instance types'. */
            public Builder machineImage(IMachineImage machineImage) {
                this.machineImage = machineImage;
                return this;
            }

            public Builder userData(UserData userData) {
                this.userData = userData;
                return this;
            }

            /** The types launched, the first preferred; several make a mixed instances policy. */
            public Builder instanceTypes(List<String> instanceTypes) {
                this.instanceTypes = instanceTypes;
                return this;
            }

            /** Default 0 to 1. */
            public Builder capacity(int minInstances, int maxInstances) {
                this.minInstances = minInstances;
                this.maxInstances = maxInstances;
                return this;
            }

            /** Default false: on-demand. */
            public Builder spot(boolean spot) {
                this.spot = spot;
                return this;
            }

            public Builder encryptionKey(IKey encryptionKey) {
                this.encryptionKey = encryptionKey;
                return this;
            }

            /** Default 30 GiB on {@code /dev/xvda}, Amazon Linux 2023's root device: room for images and logs. */
            public Builder rootVolume(String device, int gib) {
                this.rootDevice = device;
                this.rootVolumeGiB = gib;
                return this;
            }

            /** What the instances are for, as their role's description says. */
            public Builder description(String description) {
                this.description = description;
                return this;
            }

            public Props build() {
                return new Props(this);
            }
        }
    }
}
