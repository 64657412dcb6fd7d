package dev.berth.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.config.BerthYaml;
import dev.berth.platform.policy.PolicyFinding;
import dev.berth.platform.policy.PolicyViolationException;
import dev.berth.platform.layer.Foundation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;

/** The policy gate over every environment Berth ships: the Notejam deployment and each example. */
class PolicyGateTest {

    @TestFactory
    List<DynamicTest> everyShippedEnvironmentPassesThePolicy() {
        return Environments.shippedAndWithoutNat().stream().map(labelled -> DynamicTest.dynamicTest(labelled.label(),
                () -> assertThat(labelled.environment().app().path("Resources").size()).isPositive())).toList();
    }

    @Test
    void anUnacknowledgedFindingStopsSynthesis() {
        Path outdir = Synthesized.synthRoot().resolve("policy-negative");
        var model = BerthYaml.load(Synthesized.repositoryRoot().resolve("berth.yaml")).environment("dev").orElseThrow();
        EnvironmentAssembly assembly = new EnvironmentAssembly(model, outdir);
        SecurityGroup open = SecurityGroup.Builder.create(assembly.stack("foundation"), "Open")
                .vpc(assembly.outputs().get(Foundation.class).vpc()).build();
        open.addIngressRule(Peer.anyIpv4(), Port.tcp(22), "SSH from anywhere");

        PolicyViolationException e = catchThrowableOfType(PolicyViolationException.class, assembly::synthesize);

        assertThat(e).isNotNull();
        assertThat(e.findings()).extracting(PolicyFinding::rule, PolicyFinding::constructPath)
                .contains(org.assertj.core.groups.Tuple.tuple("AwsSolutions-EC23", "notejam-dev-foundation/Open/Resource"));
        assertThat(e.findings()).extracting(PolicyFinding::rule).doesNotContain("AwsSolutions-RDS11", "AwsSolutions-VPC3");
    }

    @Test
    void acknowledgmentsAreWrittenIntoTheTemplatesWithTheirReasons() {
        var metadata = Synthesized.shipped("dev").data().toString();
        assertThat(metadata).contains("cdk_nag").contains("AwsSolutions-RDS11")
                .contains("A non-default port hides nothing");
        // The internet-facing group (here without a CDN) carries the reason its zone of the traffic graph gives.
        assertThat(Templates.single(Synthesized.example("private-no-nat", "staging").foundation(), "AWS::EC2::SecurityGroup",
                "SecurityGroupsLoadBalancer")
                .path("Metadata").toString()).contains("AwsSolutions-EC23")
                .contains(dev.berth.platform.edge.LoadBalancer.ZONE.exposure());
    }
}
