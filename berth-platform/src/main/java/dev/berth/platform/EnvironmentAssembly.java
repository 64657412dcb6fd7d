package dev.berth.platform;

import dev.berth.config.BerthConfig;
import dev.berth.config.Environment;
import dev.berth.platform.policy.PolicyGate;
import dev.berth.platform.policy.PolicyViolationException;
import dev.berth.platform.stack.AppStack;
import dev.berth.platform.stack.DataStack;
import dev.berth.platform.stack.FoundationStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.cxapi.CloudAssembly;

/** Builds the stacks of one environment of a berth.yaml and synthesizes them into a cloud assembly. */
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
    private final FoundationStack foundation;
    private final DataStack data;
    private final AppStack application;

    public EnvironmentAssembly(BerthConfig config, String environmentName, Path outdir) {
        Environment environment = config.environment(environmentName).orElseThrow(() -> new IllegalArgumentException(
                "no environment '" + environmentName + "' in " + config.source() + "; it has "
                        + String.join(", ", config.environments().keySet())));
        this.outdir = outdir;
        this.app = App.Builder.create().outdir(outdir.toString()).context(CONTEXT).build();
        software.amazon.awscdk.Environment target = software.amazon.awscdk.Environment.builder()
                .region(config.region())
                .account(environment.account())
                .build();
        String prefix = config.project() + "-" + environment.name();
        this.foundation = new FoundationStack(app, stackId(prefix, "foundation"), props(prefix, "foundation", target),
                config, environment);
        this.data = new DataStack(app, stackId(prefix, "data"), props(prefix, "data", target), config, environment,
                foundation);
        this.application = new AppStack(app, stackId(prefix, "app"), props(prefix, "app", target), config, environment,
                foundation, data);
        // Listeners, listener rules and scalable targets take no tags in CloudFormation's schemas.
        TagProps taggable = TagProps.builder().excludeResourceTypes(List.of("AWS::ElasticLoadBalancingV2::Listener",
                "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::ApplicationAutoScaling::ScalableTarget")).build();
        Tags.of(app).add("berth:project", config.project(), taggable);
        Tags.of(app).add("berth:environment", environment.name(), taggable);
        PolicyGate.attach(app);
    }

    private static String stackId(String prefix, String layer) {
        return prefix + "-" + layer;
    }

    private static StackProps props(String prefix, String layer, software.amazon.awscdk.Environment target) {
        return StackProps.builder()
                .stackName(stackId(prefix, layer))
                .env(target)
                .terminationProtection(false)
                .description("Berth " + layer + " of " + prefix)
                .build();
    }

    /** Writes the templates and assets; unacknowledged policy findings fail it with a {@link PolicyViolationException}. */
    public CloudAssembly synthesize() {
        return PolicyGate.synthesize(app::synth, outdir);
    }

    public FoundationStack foundation() {
        return foundation;
    }

    public DataStack data() {
        return data;
    }

    public AppStack application() {
        return application;
    }

    public List<String> stackNames() {
        return List.of(foundation.getStackName(), data.getStackName(), application.getStackName());
    }
}
