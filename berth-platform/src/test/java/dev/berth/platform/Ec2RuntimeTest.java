package dev.berth.platform;

import static dev.berth.platform.Templates.resources;
import static dev.berth.platform.Templates.single;
import static dev.berth.platform.Templates.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.platform.compute.ComputeMapping;
import dev.berth.platform.network.Flow;
import dev.berth.platform.network.Zone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The EC2 example: services on the environment's own instances through an ECS capacity provider, each point of the
 * runtime in the synthesized templates (dev on Spot t3/t3a, prod on Graviton).
 */
class Ec2RuntimeTest {

    static Synthesized dev() {
        return Synthesized.example("ec2", "dev");
    }

    static Synthesized prod() {
        return Synthesized.example("ec2", "prod");
    }

    static JsonNode launchTemplateData(JsonNode app) {
        return single(app, "AWS::EC2::LaunchTemplate").path("Properties").path("LaunchTemplateData");
    }

    /** The SSM public parameter the launch template's AMI is resolved from at deploy time. */
    static String imageParameter(JsonNode app) {
        String parameter = launchTemplateData(app).path("ImageId").path("Ref").asText();
        return app.path("Parameters").path(parameter).path("Default").asText();
    }

    @Test
    void theInstancesRequireImdsV2AtOneHopHaveNoPublicAddressNoKeyAndAnEncryptedGp3Root() {
        JsonNode data = launchTemplateData(dev().app());
        assertThat(data.path("MetadataOptions").path("HttpTokens").asText()).isEqualTo("required");
        assertThat(data.path("MetadataOptions").path("HttpPutResponseHopLimit").asInt()).as("a task's network namespace is a hop").isEqualTo(1);
        assertThat(data.has("KeyName")).as("no key pair: Session Manager, not SSH").isFalse();
        assertThat(data.path("NetworkInterfaces").get(0).path("AssociatePublicIpAddress").asBoolean(true)).isFalse();
        JsonNode root = data.path("BlockDeviceMappings").get(0);
        assertThat(root.path("DeviceName").asText()).isEqualTo("/dev/xvda");
        assertThat(root.path("Ebs").path("VolumeType").asText()).isEqualTo("gp3");
        assertThat(root.path("Ebs").path("Encrypted").asBoolean()).isTrue();
        assertThat(root.path("Ebs").path("KmsKeyId").toString()).as("the environment key, from the foundation stack").contains("Fn::ImportValue");
        assertThat(imageParameter(dev().app())).as("the ECS-optimized Amazon Linux 2023 AMI for x86_64")
                .isEqualTo("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
        assertThat(imageParameter(prod().app())).as("Graviton instances take the arm64 AMI")
                .isEqualTo("/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id");
        String userData = data.path("UserData").toString();
        assertThat(userData).contains("ECS_AWSVPC_BLOCK_IMDS=true").contains("ECS_RESERVED_MEMORY=256")
                .contains("ECS_ENABLE_SPOT_INSTANCE_DRAINING=true");
    }

    @Test
    void theInstanceRoleHasSessionManagerAndTheInstancesGroupAdmitsNothing() {
        JsonNode app = dev().app();
        JsonNode role = single(app, "AWS::IAM::Role", "Ec2CapacityInstancesRole");
        assertThat(role.path("Properties").has("ManagedPolicyArns")).as("no managed policy: AmazonSSMManagedInstanceCore reads"
                + " every parameter").isFalse();
        String policy = single(app, "AWS::IAM::Policy", "Ec2CapacityInstancesRoleDefaultPolicy").toString();
        assertThat(policy).contains("ssmmessages:CreateControlChannel").contains("ssm:UpdateInstanceInformation")
                .doesNotContain("ssm:GetParameter");
        JsonNode foundation = dev().foundation();
        JsonNode group = single(foundation, "AWS::EC2::SecurityGroup", ComputeMapping.INSTANCES.name());
        assertThat(group.path("Properties").path("SecurityGroupIngress").isMissingNode()
                || group.path("Properties").path("SecurityGroupIngress").isEmpty()).isTrue();
        assertThat(resources(foundation, "AWS::EC2::SecurityGroupIngress").values()).noneMatch(rule ->
                rule.path("Properties").path("GroupId").toString().contains(ComputeMapping.INSTANCES.name()));
        assertThat(dev().assembly().traffic().flows()).contains(Flow.tcp(ComputeMapping.INSTANCES, Zone.INTERNET, 443,
                "ECS container instances: the ECS agent, image pulls and Session Manager"));
    }

    @Test
    void spotInDevThroughAMixedInstancesPolicyOnDemandInProd() {
        JsonNode devGroup = single(dev().app(), "AWS::AutoScaling::AutoScalingGroup").path("Properties");
        JsonNode mixed = devGroup.path("MixedInstancesPolicy");
        assertThat(mixed.path("InstancesDistribution").path("OnDemandPercentageAboveBaseCapacity").asInt()).isZero();
        assertThat(mixed.path("InstancesDistribution").path("SpotAllocationStrategy").asText()).isEqualTo("price-capacity-optimized");
        List<String> types = new ArrayList<>();
        mixed.path("LaunchTemplate").path("Overrides").forEach(override -> types.add(override.path("InstanceType").asText()));
        assertThat(types).containsExactly("t3.medium", "t3a.medium");
        assertThat(devGroup.path("CapacityRebalance").asBoolean()).isTrue();
        assertThat(devGroup.path("MinSize").asText()).isEqualTo("0");
        assertThat(devGroup.path("MaxSize").asText()).isEqualTo("8");
        JsonNode prodGroup = single(prod().app(), "AWS::AutoScaling::AutoScalingGroup").path("Properties");
        assertThat(prodGroup.path("MixedInstancesPolicy").path("InstancesDistribution").path("OnDemandPercentageAboveBaseCapacity").asInt())
                .isEqualTo(100);
        assertThat(prodGroup.path("MinSize").asText()).isEqualTo("2");
    }

    @Test
    void offHoursTheInstancesGoToZeroWithTheServices() {
        Map<String, JsonNode> actions = resources(dev().app(), "AWS::AutoScaling::ScheduledAction");
        assertThat(actions.values()).extracting(action -> action.path("Properties").path("MinSize").asInt()).containsExactlyInAnyOrder(0, 0);
        assertThat(actions.values()).extracting(action -> action.path("Properties").path("MaxSize").asInt()).containsExactlyInAnyOrder(0, 8);
        assertThat(resources(prod().app(), "AWS::AutoScaling::ScheduledAction")).isEmpty();
    }

    @Test
    void ecsManagedScalingAndDrainingWithoutTerminationProtection() {
        JsonNode provider = single(dev().app(), "AWS::ECS::CapacityProvider").path("Properties").path("AutoScalingGroupProvider");
        assertThat(provider.path("ManagedScaling").path("Status").asText()).isEqualTo("ENABLED");
        assertThat(provider.path("ManagedScaling").path("TargetCapacity").asInt()).isEqualTo(100);
        assertThat(provider.path("ManagedTerminationProtection").asText()).isEqualTo("DISABLED");
        assertThat(provider.path("ManagedDraining").asText()).isEqualTo("ENABLED");
    }

    @Test
    void servicesOnInstancesReserveTheirTierSpreadOverZonesThenPackOnMemory() {
        JsonNode app = dev().app();
        JsonNode api = single(app, "AWS::ECS::Service", "ApiService").path("Properties");
        assertThat(api.has("LaunchType")).isFalse();
        assertThat(api.path("CapacityProviderStrategy").get(0).path("CapacityProvider").toString()).contains("Ec2CapacityProvider");
        assertThat(api.path("PlacementStrategies").toString())
                .isEqualTo("[{\"Field\":\"attribute:ecs.availability-zone\",\"Type\":\"spread\"},{\"Field\":\"MEMORY\",\"Type\":\"binpack\"}]");
        assertThat(api.path("NetworkConfiguration").path("AwsvpcConfiguration").path("SecurityGroups").toString()).contains("ApiTasks");
        JsonNode task = single(app, "AWS::ECS::TaskDefinition", "ApiTask").path("Properties");
        assertThat(task.path("NetworkMode").asText()).isEqualTo("awsvpc");
        assertThat(texts(task.path("RequiresCompatibilities"))).containsExactly("EC2");
        JsonNode container = task.path("ContainerDefinitions").get(0);
        assertThat(container.path("Cpu").asInt()).as("medium: 1 vCPU").isEqualTo(1024);
        assertThat(container.path("MemoryReservation").asInt()).isEqualTo(2048);
        assertThat(container.path("Memory").asInt()).isEqualTo(2048);
        assertThat(task.path("ContainerDefinitions").get(1).path("MemoryReservation").asInt()).as("nginx beside it").isEqualTo(64);
        JsonNode worker = single(app, "AWS::ECS::Service", "WorkerService").path("Properties");
        assertThat(worker.path("CapacityProviderStrategy").toString()).as("one key moved it to Fargate Spot").contains("FARGATE_SPOT");
        assertThat(texts(single(app, "AWS::ECS::TaskDefinition", "WorkerTask").path("Properties").path("RequiresCompatibilities")))
                .containsExactly("FARGATE");
    }

    @Test
    void autoScalingMayEncryptTheInstancesVolumesWithTheEnvironmentKey() {
        JsonNode statements = single(dev().foundation(), "AWS::KMS::Key").path("Properties").path("KeyPolicy").path("Statement");
        List<String> sids = new ArrayList<>();
        statements.forEach(statement -> sids.add(statement.path("Sid").asText()));
        assertThat(sids).contains("AllowAutoScalingVolumesOfThisAccount", "AllowAutoScalingVolumeGrantsOfThisAccount");
        statements.forEach(statement -> {
            if (statement.path("Sid").asText().startsWith("AllowAutoScaling")) {
                assertThat(statement.path("Condition").path("StringEquals").path("aws:PrincipalArn").toString())
                        .contains("role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
            }
        });
        JsonNode fargateOnly = single(Synthesized.example("minimal", "dev").foundation(), "AWS::KMS::Key");
        assertThat(fargateOnly.toString()).as("no instance, no grant").doesNotContain("AllowAutoScaling");
    }
}
