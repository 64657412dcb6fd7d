package dev.berth.platform;

import dev.berth.model.EnvironmentModel;
import dev.berth.platform.layer.AppLayer;
import dev.berth.platform.network.TrafficGraph;
import dev.berth.platform.policy.PolicyGate;
import dev.berth.platform.policy.PolicyViolationException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The stacks of one environment: one per layer that applies to it, built in order, each in its layer's account
 * and region, with the traffic graph of all of them. Synthesizes them into a cloud assembly under the policy gate.
 */
public final class EnvironmentAssembly {

    /** Feature flags a new CDK project gets from {@code cdk init}; a Java app without cdk.json must set them. */
    static final Map<String, Object> CONTEXT = Map.ofEntries(
            Map.entry("@aws-cdk/core:validationReportJson", true),
            // Strong: the foundation cannot drop an export the data or app stack still uses.
            Map.entry("@aws-cdk/core:defaultCrossStackReferences", "strong"),
            Map.entry("@aws-cdk/aws-iam:minimizePolicies", true),
            Map.entry("@aws-cdk/core:enablePartitionLiterals", true),
            Map.entry("@aws-cdk/aws-ecs:arnFormatIncludesClusterName", true),
            Map.entry("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true),
            Map.entry("@aws-cdk/aws-ec2:uniqueImdsv2TemplateName", true),
            Map.entry("@aws-cdk/aws-kms:aliasNameRef", true),
            Map.entry("@aws-cdk/aws-ecs:removeDefaultDeploymentAlarm", true),
            Map.entry("@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions", true));

    private final App app;
    private final Path outdir;
    private final TrafficGraph traffic;
    private final LayerOutputs outputs;
    private final Map<String, Stack> stacks = new LinkedHashMap<>();

    public EnvironmentAssembly(EnvironmentModel model, Path outdir) {
        this(model, outdir, Layers.all());
    }

    public EnvironmentAssembly(EnvironmentModel model, Path outdir, List<Layer> layers) {
        this.outdir = outdir;
        this.app = App.Builder.create().outdir(outdir.toString()).context(CONTEXT).build();
        List<Layer> applicable = layers.stream().filter(layer -> layer.appliesTo(model)).toList();
        this.traffic = new TrafficGraph(applicable.stream().flatMap(layer -> layer.flows(model).stream()).toList());
        this.outputs = new LayerOutputs(traffic);
        for (Layer layer : applicable) {
            String stackName = layer.stackName(model);
            Layer.Placement placement = layer.placement(model);
            Stack stack = new Stack(app, stackName, StackProps.builder()
                    .stackName(stackName)
                    .env(Environment.builder().account(placement.account()).region(placement.region()).build())
                    .terminationProtection(false)
                    // CloudFront's certificates and web ACL live in us-east-1; the distributions read them from there.
                    .crossRegionReferences(true)
                    .description("Berth " + layer.name() + " of " + model.naming().prefix())
                    .build());
            layer.build(stack, model, outputs);
            stacks.put(layer.name(), stack);
        }
        // Listeners, listener rules, scalable targets and dashboards take no tags in CloudFormation's schemas.
        TagProps taggable = TagProps.builder().excludeResourceTypes(List.of("AWS::ElasticLoadBalancingV2::Listener",
                "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::ApplicationAutoScaling::ScalableTarget",
                "AWS::CloudWatch::Dashboard")).build();
        Tags.of(app).add("berth:project", model.naming().project(), taggable);
        Tags.of(app).add("berth:environment", model.name(), taggable);
        PolicyGate.attach(app);
    }

    /** The CDK CLI's {@code STACK:PARAMETER} for the image tag of an ECR-image service of the environment. */
    public static String imageTagParameter(EnvironmentModel model, String service) {
        return AppLayer.imageTagParameter(model, service);
    }

    /** Writes the templates and assets; unacknowledged policy findings fail it with a {@link PolicyViolationException}. */
    public CloudAssembly synthesize() {
        try {
            return PolicyGate.synthesize(app::synth, outdir);
        } finally {
            // Also when the gate refuses: the templates stay on disk for the reviewer to read.
            RedundantDependencies.strip(outdir);
        }
    }

    /** The stack names, in deployment order. */
    public List<String> stackNames() {
        return stacks.values().stream().map(Stack::getStackName).toList();
    }

    /** The layers the environment has, in deployment order. */
    public List<String> layers() {
        return List.copyOf(stacks.keySet());
    }

    /** A layer's stack, by the layer's name. */
    public Stack stack(String layer) {
        Stack stack = stacks.get(layer);
        if (stack == null) {
            throw new IllegalArgumentException("no layer '" + layer + "' in this environment; it has " + stacks.keySet());
        }
        return stack;
    }

    /** What the layers published. */
    public LayerOutputs outputs() {
        return outputs;
    }

    /** Every allowed connection of the environment: the security groups and network ACLs are made from it. */
    public TrafficGraph traffic() {
        return traffic;
    }
}
