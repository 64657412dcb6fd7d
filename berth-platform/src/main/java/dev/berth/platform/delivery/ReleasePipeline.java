package dev.berth.platform.delivery;

import dev.berth.platform.policy.PolicyGate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.amazon.awscdk.services.codedeploy.EcsApplication;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentGroup;
import software.amazon.awscdk.services.codedeploy.EcsDeploymentGroupAttributes;
import software.amazon.awscdk.services.codedeploy.IEcsApplication;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.IAction;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.amazon.awscdk.services.codepipeline.StageProps;
import software.amazon.awscdk.services.codepipeline.actions.CodeBuildAction;
import software.amazon.awscdk.services.codepipeline.actions.CodeDeployEcsDeployAction;
import software.amazon.awscdk.services.codepipeline.actions.CodeStarConnectionsSourceAction;
import software.amazon.awscdk.services.codepipeline.actions.ManualApprovalAction;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.constructs.Construct;

/**
 * An environment's release pipeline in CodePipeline: the repository's branch through a CodeConnections connection,
 * an approval where the environment asks for one, then a CodeBuild project that builds, tests and runs
 * {@code berth release}, which pushes the image and deploys rolling through CloudFormation and ECS. A blue/green
 * environment adds a Deploy stage: CodeDeploy starts each service's new revision beside the running one, behind the
 * test listener, then moves production traffic to it. Artifacts, build and logs are encrypted with the environment key.
 */
public final class ReleasePipeline extends Construct {

    /**
     * @param source where the code comes from
     * @param environment the Berth environment released, and berth.yaml's path in the repository
     * @param testCommand what builds and tests before anything is pushed
     * @param role the role the release runs as ({@link DeployRole}, trusted by CodeBuild)
     * @param key the environment key
     * @param settings approval and log retention
     */
    public record Props(Source source, Target environment, String testCommand, IRole role, IKey key, Settings settings) {

        /** A branch of a GitHub repository, through a CodeConnections connection. */
        public record Source(String connectionArn, String owner, String repository, String branch) {
        }

        /** The environment released and the berth.yaml that describes it, relative to the repository's root. */
        public record Target(String name, String configPath) {
        }

        /**
         * Whether a reviewer approves each release, how long its build logs are kept, and the CodeDeploy deployment
         * groups of a blue/green environment (null for a rolling one).
         */
        public record Settings(boolean approval, RetentionDays logRetention, BlueGreen blueGreen) {
        }

        /**
         * A blue/green environment's CodeDeploy application and each service's deployment group, by name: they live
         * in the application's stack, which is deployed after this one.
         */
        public record BlueGreen(String application, Map<String, String> deploymentGroups) {

            public BlueGreen {
                deploymentGroups = Collections.unmodifiableMap(new LinkedHashMap<>(deploymentGroups));
                if (deploymentGroups.isEmpty()) {
                    throw new IllegalArgumentException("a blue/green release deploys at least one service");
                }
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private Source source;
            private Target environment;
            private String testCommand = "./mvnw -B verify";
            private IRole role;
            private IKey key;
            private Settings settings = new Settings(false, RetentionDays.ONE_MONTH, null);

            /** Required. */
            public Builder source(Source source) {
                this.source = source;
                return this;
            }

            /** Required. */
            public Builder environment(Target environment) {
                this.environment = environment;
                return this;
            }

            /** Default {@code ./mvnw -B verify}. */
            public Builder testCommand(String testCommand) {
                this.testCommand = testCommand;
                return this;
            }

            /** Required. */
            public Builder role(IRole role) {
                this.role = role;
                return this;
            }

            /** Required. */
            public Builder key(IKey key) {
                this.key = key;
                return this;
            }

            /** Default: no approval, logs kept a month, rolling. */
            public Builder settings(Settings settings) {
                this.settings = settings;
                return this;
            }

            public Props build() {
                return new Props(Objects.requireNonNull(source, "source"), Objects.requireNonNull(environment, "environment"),
                        Objects.requireNonNull(testCommand, "testCommand"), Objects.requireNonNull(role, "role"),
                        Objects.requireNonNull(key, "key"), Objects.requireNonNull(settings, "settings"));
            }
        }
    }

    private final Pipeline pipeline;

    public ReleasePipeline(Construct scope, String id, Props props) {
        super(scope, id);
        Bucket artifacts = Bucket.Builder.create(this, "Artifacts")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(props.key())
                .bucketKeyEnabled(true)
                .enforceSsl(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        PolicyGate.acknowledge(artifacts, "AwsSolutions-S1", "This bucket holds the pipeline's own source and build"
                + " artifacts, written and read by CodePipeline and CodeBuild alone; CloudTrail records access to it.");

        LogGroup logs = LogGroup.Builder.create(this, "BuildLogs")
                .encryptionKey(props.key())
                .retention(props.settings().logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        PipelineProject release = PipelineProject.Builder.create(this, "Release")
                .description("Builds, tests and releases " + props.environment().name() + " with berth release")
                .role(props.role())
                .encryptionKey(props.key())
                .environment(BuildEnvironment.builder()
                        .buildImage(LinuxBuildImage.STANDARD_7_0)
                        .computeType(ComputeType.MEDIUM)
                        .privileged(true)
                        .build())
                .logging(LoggingOptions.builder().cloudWatch(CloudWatchLoggingOptions.builder().logGroup(logs).build()).build())
                .buildSpec(BuildSpec.fromObject(buildSpec(props)))
                .build();
        PolicyGate.acknowledge(release, "AwsSolutions-CB3", "The release builds the service's container image, which"
                + " needs Docker inside the build: privileged mode is what CodeBuild offers for that.");

        Artifact code = Artifact.artifact("Code");
        List<StageProps> stages = new ArrayList<>();
        stages.add(StageProps.builder().stageName("Source").actions(List.of(CodeStarConnectionsSourceAction.Builder.create()
                .actionName("GitHub")
                .connectionArn(props.source().connectionArn())
                .owner(props.source().owner())
                .repo(props.source().repository())
                .branch(props.source().branch())
                // A full clone: the image is tagged with the commit, which berth push reads from git.
                .codeBuildCloneOutput(true)
                .output(code)
                .build())).build());
        if (props.settings().approval()) {
            stages.add(StageProps.builder().stageName("Approve").actions(List.of(ManualApprovalAction.Builder.create()
                    .actionName("Approve")
                    .additionalInformation("Release " + props.environment().name() + " from " + props.source().branch())
                    .build())).build());
        }
        Map<String, Artifact> revisions = new LinkedHashMap<>();
        Props.BlueGreen blueGreen = props.settings().blueGreen();
        if (blueGreen != null) {
            blueGreen.deploymentGroups().keySet().forEach(service -> revisions.put(service, Artifact.artifact(revisionArtifact(service))));
            // berth release writes each service's next task definition from the newest revision of its family.
            props.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ecs:DescribeTaskDefinition"))
                    .resources(List.of("*"))
                    .build());
            PolicyGate.acknowledge(props.role(), "AwsSolutions-IAM5[Resource::*]", "ecs:DescribeTaskDefinition has no"
                    + " resource-level permissions; it reads the task definition a blue/green release starts from.");
        }
        stages.add(StageProps.builder().stageName("Release").actions(List.of(CodeBuildAction.Builder.create()
                .actionName("BuildTestRelease")
                .project(release)
                .input(code)
                .outputs(List.copyOf(revisions.values()))
                .build())).build());
        if (blueGreen != null) {
            IEcsApplication application = EcsApplication.fromEcsApplicationName(this, "CodeDeploy", blueGreen.application());
            List<IAction> deploys = new ArrayList<>();
            blueGreen.deploymentGroups().forEach((service, group) -> {
                Artifact revision = revisions.get(service);
                deploys.add(CodeDeployEcsDeployAction.Builder.create()
                        .actionName("blue-green-" + service)
                        .deploymentGroup(EcsDeploymentGroup.fromEcsDeploymentGroupAttributes(this, service + "-deployment",
                                EcsDeploymentGroupAttributes.builder().application(application).deploymentGroupName(group).build()))
                        .taskDefinitionTemplateFile(revision.atPath(TASK_DEFINITION_FILE))
                        .appSpecTemplateFile(revision.atPath(APP_SPEC_FILE))
                        .build());
            });
            stages.add(StageProps.builder().stageName("Deploy").actions(deploys).build());
            PolicyGate.acknowledge(this, "AwsSolutions-IAM5[Resource::*]", "The CodeDeploy action registers each release's"
                    + " task definition (ecs:RegisterTaskDefinition has no resource-level permissions) and passes its task roles"
                    + " to ECS alone (iam:PassRole on the condition iam:PassedToService ecs-tasks.amazonaws.com).");
        }
        this.pipeline = Pipeline.Builder.create(this, "Pipeline")
                .pipelineType(PipelineType.V2)
                .artifactBucket(artifacts)
                .stages(stages)
                .build();
        // The CDK makes the pipeline depend on its role, which its RoleArn already does (cfn-lint W3005): only the
        // dependency on the role's policy is kept.
        Construct rolePolicy = (Construct) pipeline.getRole().getNode().findChild("DefaultPolicy");
        ((CfnResource) pipeline.getNode().getDefaultChild()).addOverride("DependsOn", List.of(logicalId(rolePolicy)));
        // The CDK's grants to the pipeline's roles and the release role: each wildcard is scoped to this pipeline's
        // own artifact bucket, the environment key, or the build's own log group and report groups.
        for (software.constructs.IConstruct granted : List.<software.constructs.IConstruct>of(this, props.role())) {
            for (String wildcard : List.of("Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*", "Action::s3:Abort*",
                    "Action::s3:DeleteObject*", "Action::s3:GetBucket*", "Action::s3:GetObject*", "Action::s3:List*")) {
                PolicyGate.acknowledge(granted, "AwsSolutions-IAM5[" + wildcard + "]", "A CDK grant on the pipeline's own"
                        + " artifact bucket and the environment key: the actions the pipeline needs on its artifacts, nothing"
                        + " on any other bucket or key.");
            }
            PolicyGate.acknowledge(granted, "AwsSolutions-IAM5[Resource::<" + logicalId(artifacts) + ".Arn>/*]",
                    "The objects of the pipeline's own artifact bucket.");
        }
        Stack stack = Stack.of(this);
        String partition = stack.getRegion().startsWith("cn-") ? "aws-cn" : stack.getRegion().startsWith("us-gov-") ? "aws-us-gov" : "aws";
        String where = partition + ":%s:" + stack.getRegion() + ":<AWS::AccountId>:";
        PolicyGate.acknowledge(props.role(), "AwsSolutions-IAM5[Resource::arn:" + where.formatted("logs") + "log-group:/aws/codebuild/<"
                + logicalId(release) + ">:*]", "The log streams of the release build's own log group, which CodeBuild names per build.");
        PolicyGate.acknowledge(props.role(), "AwsSolutions-IAM5[Resource::arn:" + where.formatted("codebuild") + "report-group/<"
                + logicalId(release) + ">-*]", "The release build's own test-report groups, which CodeBuild names per report.");
    }

    /** Where berth release writes the blue/green revisions, one directory per service. */
    public static final String REVISIONS_DIRECTORY = ".berth/codedeploy";
    /** A revision's files: the task definition CodeDeploy registers, and the AppSpec it fills in. */
    public static final String TASK_DEFINITION_FILE = "taskdef.json";
    public static final String APP_SPEC_FILE = "appspec.yaml";

    /** Service names (a-z, 0-9, -) are valid artifact names as they are. */
    private static String revisionArtifact(String service) {
        return service + "-revision";
    }

    private static String logicalId(Construct construct) {
        Stack stack = Stack.of(construct);
        return (String) stack.resolve(stack.getLogicalId((CfnElement) construct.getNode().getDefaultChild()));
    }

    /**
     * JDK 25 (Temurin) and Node 20, the tests, then berth release: the image pushed and the stacks deployed. In
     * order, so that the same berth.yaml always synthesizes the same template.
     */
    static Map<String, Object> buildSpec(Props props) {
        String environment = props.environment().name();
        return ordered(
                "version", "0.2",
                "env", ordered("variables", ordered("JAVA_HOME", "/opt/jdk-25")),
                "phases", ordered(
                        "install", ordered(
                                "runtime-versions", ordered("nodejs", "20"),
                                "commands", List.of(
                                        "mkdir -p /opt/jdk-25",
                                        "curl -fsSL https://api.adoptium.net/v3/binary/latest/25/ga/linux/x64/jdk/hotspot/normal/eclipse"
                                                + " | tar -xz --strip-components=1 -C /opt/jdk-25",
                                        "export PATH=/opt/jdk-25/bin:$PATH")),
                        "pre_build", ordered("commands", List.of(props.testCommand())),
                        "build", ordered("commands", List.of(releaseCommand(props)))),
                "artifacts", artifacts(props.settings().blueGreen()));
    }

    private static String releaseCommand(Props props) {
        String command = "./berth release " + props.environment().name() + " --config " + props.environment().configPath()
                + " --require-approval never";
        return props.settings().blueGreen() == null ? command : command + " --codedeploy-out " + REVISIONS_DIRECTORY;
    }

    /** Nothing for a rolling release; for a blue/green one, each service's task definition and AppSpec. */
    private static Object artifacts(Props.BlueGreen blueGreen) {
        if (blueGreen == null) {
            return null;
        }
        Map<String, Object> secondary = new LinkedHashMap<>();
        for (String service : blueGreen.deploymentGroups().keySet()) {
            secondary.put(revisionArtifact(service), ordered("base-directory", REVISIONS_DIRECTORY + "/" + service,
                    "files", List.of(TASK_DEFINITION_FILE, APP_SPEC_FILE)));
        }
        // CodeBuild matches a single output to the primary artifact, several to secondary ones by name.
        return secondary.size() == 1 ? secondary.values().iterator().next() : ordered("secondary-artifacts", secondary);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    public Pipeline getPipeline() {
        return pipeline;
    }
}
