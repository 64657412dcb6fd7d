package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import dev.berth.platform.kubernetes.KubernetesManifests;
import dev.berth.platform.kubernetes.KubernetesMapping;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationRequest;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.SendCommandResponse;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A cluster rollout against moto: the release's manifests and secret sync in the state bucket the app stack names, and
 * berth-apply sent through SSM Run Command to the one control plane instance in service. moto marks every command
 * Success at once, with no output: for a rollout that fails or never ends, {@link ScriptedInvocations} answers instead.
 */
class ClusterRolloutTest {

    static final String RELEASE = "20260514T101500Z-3f9c2a1b7d4e";
    static final String URL = "https://d111111abcdef8.cloudfront.net";
    /** web and api on the cluster, reports on ECS; prod in an account of its own, not the credentials' (moto's 123456789012). */
    static final String CONFIG = """
            project: shop
            region: eu-central-1
            services:
              - name: web
                image: {repository: shop/web}
                runtime: kubernetes
                secrets: [session-key]
              - name: api
                image: {repository: shop/api}
                path: /api/*
                runtime: kubernetes
              - name: reports
                image: {repository: shop/reports}
                path: /reports/*
            environments:
              dev: {}
              prod: {account: "210987654321", cidr: 10.1.0.0/16}
            """;
    static final Map<String, String> TAGS = tags();

    static ClusterRollout.Clients clients;

    @BeforeAll
    static void startMoto() throws Exception {
        assumeTrue(CdkCliAgainstMotoTest.onPath("moto_server"), "the cluster rollout tests need moto_server (pip install 'moto[server]')");
        CdkCliAgainstMotoTest.startMoto();
        URI endpoint = URI.create(CdkCliAgainstMotoTest.endpoint);
        StaticCredentialsProvider testing = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        Region region = Region.EU_CENTRAL_1;
        clients = new ClusterRollout.Clients(
                StsClient.builder().region(region).endpointOverride(endpoint).credentialsProvider(testing).build(),
                CloudFormationClient.builder().region(region).endpointOverride(endpoint).credentialsProvider(testing).build(),
                S3Client.builder().region(region).endpointOverride(endpoint).forcePathStyle(true).credentialsProvider(testing).build(),
                AutoScalingClient.builder().region(region).endpointOverride(endpoint).credentialsProvider(testing).build(),
                SsmClient.builder().region(region).endpointOverride(endpoint).credentialsProvider(testing).build());
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (clients != null) {
            clients.close();
        }
        CdkCliAgainstMotoTest.stopMoto();
    }

    /** Each test starts from an empty account: its stacks, groups and commands are its own. */
    @BeforeEach
    void resetMoto() throws Exception {
        HttpResponse<Void> reset = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(CdkCliAgainstMotoTest.endpoint + "/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(reset.statusCode()).isEqualTo(200);
    }

    private static Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("web", "1.4.2");
        tags.put("api", "2.0.0");
        tags.put("reports", "3.1.0");
        return tags;
    }

    static EnvironmentModel model(String environment) {
        return BerthYaml.parse(Path.of("berth.yaml"), new StringReader(CONFIG)).environment(environment).orElseThrow();
    }

    /** The app stack as the platform makes it for a cluster: the state bucket, the control plane's group, the URL; its bucket. */
    static String appStack(String environment, String group) {
        String stack = "shop-" + environment + "-app";
        clients.cloudFormation().createStack(request -> request.stackName(stack).templateBody("""
                {"Resources": {"StateBucket": {"Type": "AWS::S3::Bucket"}},
                 "Outputs": {"KubernetesStateBucket": {"Value": {"Ref": "StateBucket"}},
                             "KubernetesControlPlaneGroup": {"Value": "%s"}, "Url": {"Value": "%s"}}}""".formatted(group, URL)));
        return clients.cloudFormation().describeStacks(request -> request.stackName(stack)).stacks().getFirst().outputs().stream()
                .filter(output -> output.outputKey().equals("KubernetesStateBucket")).findFirst().orElseThrow().outputValue();
    }

    /** The control plane's group of one instance; returns the instance. */
    static String controlPlaneGroup(String group) {
        clients.autoScaling().createLaunchConfiguration(request -> request.launchConfigurationName(group)
                .imageId("ami-0123456789abcdef0").instanceType("t3.medium"));
        clients.autoScaling().createAutoScalingGroup(request -> request.autoScalingGroupName(group).launchConfigurationName(group)
                .minSize(1).maxSize(1).desiredCapacity(1).availabilityZones("eu-central-1a"));
        return clients.autoScaling().describeAutoScalingGroups(request -> request.autoScalingGroupNames(group)).autoScalingGroups()
                .getFirst().instances().getFirst().instanceId();
    }

    record Rollout(int exit, String err) {
    }

    static Rollout rollOut(EnvironmentModel model) {
        return rollOut(model, clients, Clock.systemUTC());
    }

    static Rollout rollOut(EnvironmentModel model, ClusterRollout.Clients through, Clock clock) {
        StringWriter err = new StringWriter();
        int exit = new ClusterRollout(through, Duration.ofMillis(10), clock).rollOut(model, TAGS, RELEASE, new PrintWriter(err, true));
        return new Rollout(exit, err.toString());
    }

    /** The test's clients, with SSM's invocations answered by {@code answers} in turn. */
    static ClusterRollout.Clients answering(Deque<Function<GetCommandInvocationRequest, GetCommandInvocationResponse>> answers) {
        return new ClusterRollout.Clients(clients.sts(), clients.cloudFormation(), clients.s3(), clients.autoScaling(),
                new ScriptedInvocations(clients.ssm(), answers));
    }

    /**
     * moto's SSM for everything but GetCommandInvocation, which answers as a real control plane's does over time: unknown
     * right after SendCommand, then running, then its end with berth-apply's output.
     */
    record ScriptedInvocations(SsmClient moto, Deque<Function<GetCommandInvocationRequest, GetCommandInvocationResponse>> answers)
            implements SsmClient {

        @Override
        public SendCommandResponse sendCommand(SendCommandRequest request) {
            return moto.sendCommand(request);
        }

        @Override
        public GetCommandInvocationResponse getCommandInvocation(GetCommandInvocationRequest request) {
            return answers.size() > 1 ? answers.pop().apply(request) : answers.getFirst().apply(request);
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        /** The class closes moto's client. */
        @Override
        public void close() {
        }
    }

    static Function<GetCommandInvocationRequest, GetCommandInvocationResponse> status(CommandInvocationStatus status, String details,
            int responseCode, String stdout, String stderr) {
        return request -> GetCommandInvocationResponse.builder().commandId(request.commandId()).instanceId(request.instanceId())
                .status(status).statusDetails(details).responseCode(responseCode)
                .standardOutputContent(stdout).standardErrorContent(stderr).build();
    }

    /** A clock that moves {@code step} on every reading: a wait of minutes in a few polls. */
    static Clock advancing(Duration step) {
        return new Clock() {
            private Instant now = Instant.parse("2026-05-14T10:15:00Z");

            @Override
            public Instant instant() {
                now = now.plus(step);
                return now;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static String object(String bucket, String key) {
        return clients.s3().getObjectAsBytes(request -> request.bucket(bucket).key(key)).asUtf8String();
    }

    static List<Command> commands() {
        return clients.ssm().listCommands(request -> { }).commands();
    }

    @Test
    void theReleaseGoesToTheStateBucketAndTheControlPlaneAppliesItThroughRunCommand() {
        EnvironmentModel model = model("dev");
        String bucket = appStack("dev", "shop-dev-control-plane");
        String instance = controlPlaneGroup("shop-dev-control-plane");

        Rollout rollout = rollOut(model);

        assertThat(rollout.exit()).as(rollout.err()).isEqualTo(Berth.OK);
        // The cluster's two services, each from its repository in the credentials' account; reports runs on ECS.
        Map<String, String> images = new LinkedHashMap<>();
        images.put("web", "123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop/web:1.4.2");
        images.put("api", "123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop/api:2.0.0");
        KubernetesManifests expected = KubernetesMapping.manifests(model, images, URL);
        String manifests = object(bucket, "manifests/" + RELEASE + "/manifests.yaml");
        assertThat(manifests).isEqualTo(expected.yaml()).contains("123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop/web:1.4.2")
                .contains(URL).doesNotContain("shop/reports");
        String secretSync = object(bucket, "manifests/" + RELEASE + "/secrets.tsv");
        assertThat(secretSync).isEqualTo(expected.secretSync()).contains("\tshop/dev/web/session-key\t");
        for (String key : List.of("manifests.yaml", "secrets.tsv")) {
            assertThat(clients.s3().headObject(request -> request.bucket(bucket).key("manifests/" + RELEASE + "/" + key))
                    .serverSideEncryption()).as(key).isEqualTo(ServerSideEncryption.AWS_KMS);
        }

        assertThat(commands()).singleElement().satisfies(command -> {
            assertThat(command.instanceIds()).containsExactly(instance);
            assertThat(command.documentName()).isEqualTo("AWS-RunShellScript");
            assertThat(command.parameters()).containsEntry("commands", List.of("/usr/local/bin/berth-apply " + RELEASE))
                    .containsEntry("executionTimeout", List.of("900"));
            assertThat(command.comment()).isEqualTo("berth deploy shop-dev release " + RELEASE);
            assertThat(command.timeoutSeconds()).isEqualTo(300);
            assertThat(clients.ssm().getCommandInvocation(request -> request.commandId(command.commandId()).instanceId(instance))
                    .status()).isEqualTo(CommandInvocationStatus.SUCCESS);
        });
        String commandId = commands().getFirst().commandId();
        assertThat(rollout.err()).isEqualTo("""
                berth: dev: release %1$s is in s3://%2$s/manifests/%1$s/
                berth: dev: the control plane %3$s applies it (SSM command %4$s), waiting up to 15 min for every Deployment
                berth: dev: 2 Kubernetes services rolled out (release %1$s)
                """.formatted(RELEASE, bucket, instance, commandId));
    }

    @Test
    void theImagesAreInTheAccountBerthYamlPutsTheEnvironmentIn() {
        String bucket = appStack("prod", "shop-prod-control-plane");
        controlPlaneGroup("shop-prod-control-plane");

        Rollout rollout = rollOut(model("prod"));

        assertThat(rollout.exit()).as(rollout.err()).isEqualTo(Berth.OK);
        assertThat(object(bucket, "manifests/" + RELEASE + "/manifests.yaml"))
                .contains("210987654321.dkr.ecr.eu-central-1.amazonaws.com/shop/api:2.0.0").doesNotContain("123456789012");
    }

    @Test
    void aControlPlaneGroupWithNoInstanceInServiceIsOneClearLineAndNothingIsWrittenOrSent() {
        String bucket = appStack("dev", "shop-dev-control-plane");
        String instance = controlPlaneGroup("shop-dev-control-plane");
        // Standby: still in the group, out of service, as an instance being replaced or not yet healthy.
        clients.autoScaling().enterStandby(request -> request.autoScalingGroupName("shop-dev-control-plane").instanceIds(instance)
                .shouldDecrementDesiredCapacity(true));

        Rollout rollout = rollOut(model("dev"));

        assertThat(rollout.exit()).isEqualTo(Berth.FAILED);
        assertThat(rollout.err()).isEqualTo("berth: dev: the control plane is not running yet, or is being replaced (no instance"
                + " of shop-dev-control-plane is in service); berth deploy dev again in a few minutes\n");
        assertThat(commands()).isEmpty();
        assertThat(clients.s3().listObjectsV2(request -> request.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void aControlPlaneGroupThatIsGoneIsNamedWithTheStackThatNamesIt() {
        appStack("dev", "shop-dev-control-plane");

        Rollout rollout = rollOut(model("dev"));

        assertThat(rollout.exit()).isEqualTo(Berth.FAILED);
        assertThat(rollout.err()).isEqualTo("berth: dev: stack shop-dev-app names Auto Scaling group shop-dev-control-plane for"
                + " the control plane, and there is no such group\n");
        assertThat(commands()).isEmpty();
    }

    @Test
    void anAppStackWithoutTheClustersOutputsNamesTheOneMissing() {
        clients.cloudFormation().createStack(request -> request.stackName("shop-dev-app").templateBody("""
                {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}, "Outputs": {"Url": {"Value": "%s"}}}""".formatted(URL)));

        Rollout rollout = rollOut(model("dev"));

        assertThat(rollout.exit()).isEqualTo(Berth.FAILED);
        assertThat(rollout.err()).isEqualTo("berth: dev: stack shop-dev-app has no output KubernetesStateBucket, which the stack of"
                + " an environment with a Kubernetes cluster has; was it deployed by this version of berth?\n");
        assertThat(commands()).isEmpty();
    }

    @Test
    void aFailedRolloutShowsWhatBerthApplyPrintedThenOneLineAndExitCode1() {
        String bucket = appStack("dev", "shop-dev-control-plane");
        String instance = controlPlaneGroup("shop-dev-control-plane");
        Deque<Function<GetCommandInvocationRequest, GetCommandInvocationResponse>> answers = new ArrayDeque<>(List.of(
                request -> {
                    throw InvocationDoesNotExistException.builder().message("not yet").build();
                },
                status(CommandInvocationStatus.PENDING, "Pending", -1, "", ""),
                status(CommandInvocationStatus.IN_PROGRESS, "InProgress", -1, "", ""),
                status(CommandInvocationStatus.IN_PROGRESS, "InProgress", -1, "", ""),
                status(CommandInvocationStatus.FAILED, "Failed", 1, """
                        deployment.apps/web serverside-applied
                        pod shop-dev/web-7d9c-x2x4z: ImagePullBackOff
                          Warning  Failed  12s  kubelet  Failed to pull image "shop/web:1.4.2": not found
                        """, "error: timed out waiting for the condition\n")));

        Rollout rollout = rollOut(model("dev"), answering(answers), Clock.systemUTC());

        assertThat(rollout.exit()).isEqualTo(Berth.FAILED);
        String commandId = commands().getFirst().commandId();
        assertThat(rollout.err()).isEqualTo("""
                berth: dev: release %1$s is in s3://%2$s/manifests/%1$s/
                berth: dev: the control plane %3$s applies it (SSM command %4$s), waiting up to 15 min for every Deployment
                berth: dev: the rollout is Pending
                berth: dev: the rollout is InProgress
                  berth-apply | deployment.apps/web serverside-applied
                  berth-apply | pod shop-dev/web-7d9c-x2x4z: ImagePullBackOff
                  berth-apply |   Warning  Failed  12s  kubelet  Failed to pull image "shop/web:1.4.2": not found
                  berth-apply (stderr) | error: timed out waiting for the condition
                berth: dev: release %1$s did not roll out: berth-apply exited 1 on the control plane %3$s (its output is above)
                """.formatted(RELEASE, bucket, instance, commandId));
    }

    @Test
    void aRolloutSsmNeverEndsIsGivenUpOnceSsmsOwnTimeoutsHavePassed() {
        appStack("dev", "shop-dev-control-plane");
        String instance = controlPlaneGroup("shop-dev-control-plane");
        Deque<Function<GetCommandInvocationRequest, GetCommandInvocationResponse>> answers = new ArrayDeque<>(List.of(
                status(CommandInvocationStatus.IN_PROGRESS, "InProgress", -1, "", "")));

        // Delivery (5 min) and execution (15 min) timeouts and a minute's grace: given up at the third poll, 10 min apart.
        Rollout rollout = rollOut(model("dev"), answering(answers), advancing(Duration.ofMinutes(10)));

        assertThat(rollout.exit()).isEqualTo(Berth.FAILED);
        String commandId = commands().getFirst().commandId();
        assertThat(rollout.err().lines().toList()).endsWith(
                "berth: dev: the rollout is InProgress",
                "berth: dev: release " + RELEASE + " has no final status from SSM yet; aws ssm get-command-invocation --command-id "
                        + commandId + " --instance-id " + instance + " shows it");
    }
}
