package dev.berth.cli;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.ServiceModel;
import dev.berth.platform.kubernetes.KubernetesManifests;
import dev.berth.platform.kubernetes.KubernetesMapping;
import dev.berth.platform.layer.AppLayer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Rolls an environment's Kubernetes services out on its cluster, once its stacks are deployed. The cluster's API server
 * is never reachable from outside its VPC, so nothing here talks to Kubernetes: the manifests go to the environment's
 * state bucket, and SSM Run Command has the control plane apply them ({@value #APPLY}), which waits for every
 * Deployment's rollout and prints the failing pods' status and events when one does not finish.
 */
final class ClusterRollout {

    /** The app stack's outputs the rollout reads: the platform's side of the contract. */
    static final String STATE_BUCKET_OUTPUT = "KubernetesStateBucket";
    static final String CONTROL_PLANE_GROUP_OUTPUT = "KubernetesControlPlaneGroup";
    static final String URL_OUTPUT = "Url";

    /** On the control plane: applies the release whose id it is given, from the state bucket. */
    static final String APPLY = "/usr/local/bin/berth-apply";
    static final String MANIFESTS = "manifests.yaml";
    static final String SECRET_SYNC = "secrets.tsv";
    static final String RUN_SHELL_SCRIPT = "AWS-RunShellScript";

    /** How long berth-apply may run: every Deployment's rollout, pulls of new images included. A constant: deploy's help says it. */
    static final int EXECUTION_TIMEOUT_MINUTES = 15;
    static final Duration EXECUTION_TIMEOUT = Duration.ofMinutes(EXECUTION_TIMEOUT_MINUTES);
    /** How long SSM tries to hand the command to the control plane's agent, which may be reconnecting. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(5);
    /** Right after SendCommand, GetCommandInvocation may not know the invocation yet for a few seconds. */
    static final Duration INVOCATION_APPEARS_WITHIN = Duration.ofSeconds(30);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(3);
    /** What SSM keeps of each of a command's output streams for GetCommandInvocation. */
    static final int SSM_OUTPUT_LIMIT = 24_000;
    /** SSM's limit on a command's comment. */
    private static final int COMMENT_LIMIT = 100;

    /** An S3 key segment and a shell word alike: the id goes into both unquoted. */
    static final Pattern RELEASE_ID = Pattern.compile("[0-9]{8}T[0-9]{6}Z(-[0-9a-f]{4,40})?");
    private static final DateTimeFormatter RELEASE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{4,40}");
    private static final Set<CommandInvocationStatus> FINAL = Set.of(CommandInvocationStatus.SUCCESS, CommandInvocationStatus.FAILED,
            CommandInvocationStatus.TIMED_OUT, CommandInvocationStatus.CANCELLED);

    /** The AWS clients it works through. */
    record Clients(StsClient sts, CloudFormationClient cloudFormation, S3Client s3, AutoScalingClient autoScaling, SsmClient ssm)
            implements AutoCloseable {

        /** The region's; with a custom endpoint ({@code AWS_ENDPOINT_URL}, such as moto) buckets are addressed by path. */
        static Clients in(String region) {
            Region where = Region.of(region);
            return new Clients(StsClient.builder().region(where).build(), CloudFormationClient.builder().region(where).build(),
                    S3Client.builder().region(where).forcePathStyle(System.getenv("AWS_ENDPOINT_URL") != null).build(),
                    AutoScalingClient.builder().region(where).build(), SsmClient.builder().region(where).build());
        }

        @Override
        public void close() {
            sts.close();
            cloudFormation.close();
            s3.close();
            autoScaling.close();
            ssm.close();
        }
    }

    /** How the rollout ended: the command's exit code and the one line that says so. */
    record Outcome(int exit, String summary) {
    }

    /** What stops a rollout before or instead of SSM's answer, said in one line. */
    private static final class RolloutFailure extends RuntimeException {
        RolloutFailure(String message) {
            super(message);
        }
    }

    private final Clients clients;
    private final Duration pollInterval;
    private final Clock clock;

    ClusterRollout(Clients clients, Duration pollInterval, Clock clock) {
        this.clients = clients;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    /**
     * After a successful stack deploy: the environment's cluster services rolled out with their image tags, the release
     * named after the time and the commit of {@code configFile}'s checkout. An environment without a cluster makes no call.
     *
     * @param tags every service's image tag, as {@link DeployCommand#imageTags} resolves them
     * @return {@link Berth#OK}, or {@link Berth#FAILED} with the reason printed to {@code err}
     */
    static int afterDeploy(EnvironmentModel model, Map<String, String> tags, Path configFile, PrintWriter err) {
        if (!KubernetesMapping.hasCluster(model)) {
            return Berth.OK;
        }
        Clock clock = Clock.systemUTC();
        String release = releaseId(clock.instant(), GitRevision.commit(configFile.toAbsolutePath().getParent()));
        try (Clients clients = Clients.in(model.naming().region())) {
            return new ClusterRollout(clients, POLL_INTERVAL, clock).rollOut(model, tags, release, err);
        }
    }

    /** {@code 20260514T101500Z-3f9c2a1b7d4e}: when, in UTC, and from which commit when there is one. */
    static String releaseId(Instant now, Optional<String> commit) {
        return RELEASE_TIME.format(now) + commit.filter(c -> COMMIT.matcher(c).matches()).map(c -> "-" + c).orElse("");
    }

    /** The key prefix of a release in the state bucket, where berth-apply reads it. */
    static String releasePrefix(String release) {
        return "manifests/" + release + "/";
    }

    /**
     * Uploads the release's manifests and secret sync, has the control plane apply them, and reports how it went.
     *
     * @return {@link Berth#OK}, or {@link Berth#FAILED} with the reason printed to {@code err}
     */
    int rollOut(EnvironmentModel model, Map<String, String> tags, String release, PrintWriter err) {
        if (!RELEASE_ID.matcher(release).matches()) {
            throw new IllegalArgumentException("release id " + release + " is not of the form " + RELEASE_ID);
        }
        String environment = model.name();
        try {
            String stack = new AppLayer().stackName(model);
            Map<String, String> outputs = outputs(stack);
            String bucket = required(outputs, STATE_BUCKET_OUTPUT, stack, environment);
            String url = required(outputs, URL_OUTPUT, stack, environment);
            // Before the upload: with no control plane to apply it, a release is not written at all.
            String instance = controlPlane(required(outputs, CONTROL_PLANE_GROUP_OUTPUT, stack, environment), stack, environment);
            upload(bucket, release, KubernetesMapping.manifests(model, images(model, tags), url));
            err.println("berth: " + environment + ": release " + release + " is in s3://" + bucket + "/" + releasePrefix(release));
            String command = send(model, instance, release);
            err.println("berth: " + environment + ": the control plane " + instance + " applies it (SSM command " + command
                    + "), waiting up to " + EXECUTION_TIMEOUT.toMinutes() + " min for every Deployment");
            err.flush();
            Optional<GetCommandInvocationResponse> invocation = await(command, instance, environment, err);
            Outcome outcome;
            if (invocation.isPresent()) {
                transcript(invocation.get()).forEach(err::println);
                outcome = outcome(environment, release, KubernetesMapping.services(model).size(), invocation.get());
            } else {
                outcome = new Outcome(Berth.FAILED, "berth: " + environment + ": release " + release + " has no final status from SSM"
                        + " yet; aws ssm get-command-invocation --command-id " + command + " --instance-id " + instance + " shows it");
            }
            err.println(outcome.summary());
            return outcome.exit();
        } catch (RolloutFailure failure) {
            err.println(failure.getMessage());
            return Berth.FAILED;
        }
    }

    /** Each cluster service's image in its ECR repository, in the account the environment is deployed to. */
    private Map<String, String> images(EnvironmentModel model, Map<String, String> tags) {
        Naming naming = model.naming();
        String account = naming.account() != null ? naming.account() : clients.sts().getCallerIdentity().account();
        Map<String, String> images = new LinkedHashMap<>();
        for (ServiceModel service : KubernetesMapping.services(model)) {
            images.put(service.name(), KubernetesMapping.image(naming, service, account, tags.get(service.name())));
        }
        return images;
    }

    private Map<String, String> outputs(String stack) {
        return clients.cloudFormation().describeStacks(request -> request.stackName(stack)).stacks().getFirst().outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private static String required(Map<String, String> outputs, String output, String stack, String environment) {
        String value = outputs.get(output);
        if (value == null) {
            throw new RolloutFailure("berth: " + environment + ": stack " + stack + " has no output " + output + ", which the stack of"
                    + " an environment with a Kubernetes cluster has; was it deployed by this version of berth?");
        }
        return value;
    }

    /** Encrypted with the bucket's default key, the environment's: the secret sync names the secrets it reads. */
    private void upload(String bucket, String release, KubernetesManifests manifests) {
        String prefix = releasePrefix(release);
        clients.s3().putObject(request -> request.bucket(bucket).key(prefix + MANIFESTS).contentType("application/yaml")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS), RequestBody.fromString(manifests.yaml()));
        clients.s3().putObject(request -> request.bucket(bucket).key(prefix + SECRET_SYNC)
                .contentType("text/tab-separated-values; charset=utf-8")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS), RequestBody.fromString(manifests.secretSync()));
    }

    /** The one instance in service in the control plane's group, which holds a single one. */
    private String controlPlane(String group, String stack, String environment) {
        List<AutoScalingGroup> groups = clients.autoScaling().describeAutoScalingGroups(request -> request.autoScalingGroupNames(group))
                .autoScalingGroups();
        if (groups.isEmpty()) {
            throw new RolloutFailure("berth: " + environment + ": stack " + stack + " names Auto Scaling group " + group + " for the"
                    + " control plane, and there is no such group");
        }
        List<String> inService = groups.getFirst().instances().stream()
                .filter(instance -> instance.lifecycleState() == LifecycleState.IN_SERVICE)
                .map(Instance::instanceId)
                .toList();
        if (inService.isEmpty()) {
            throw new RolloutFailure("berth: " + environment + ": the control plane is not running yet, or is being replaced (no"
                    + " instance of " + group + " is in service); berth deploy " + environment + " again in a few minutes");
        }
        if (inService.size() > 1) {
            throw new RolloutFailure("berth: " + environment + ": " + inService.size() + " instances of " + group + " are in service"
                    + " (" + String.join(", ", inService) + "), where the control plane is one: a replacement is under way;"
                    + " berth deploy " + environment + " again once it is done");
        }
        return inService.getFirst();
    }

    /** Sends berth-apply to the control plane; returns the command's id. */
    private String send(EnvironmentModel model, String instance, String release) {
        String comment = "berth deploy " + model.naming().prefix() + " release " + release;
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("commands", List.of(APPLY + " " + release));
        parameters.put("executionTimeout", List.of(Long.toString(EXECUTION_TIMEOUT.toSeconds())));
        try {
            return clients.ssm().sendCommand(request -> request
                    .instanceIds(instance)
                    .documentName(RUN_SHELL_SCRIPT)
                    .comment(comment.length() > COMMENT_LIMIT ? comment.substring(0, COMMENT_LIMIT) : comment)
                    .timeoutSeconds((int) DELIVERY_TIMEOUT.toSeconds())
                    .parameters(parameters))
                    .command().commandId();
        } catch (InvalidInstanceIdException e) {
            throw new RolloutFailure("berth: " + model.name() + ": the control plane " + instance + " does not answer to SSM yet"
                    + " (its agent registers once the instance has booted); berth deploy " + model.name() + " again in a few minutes");
        }
    }

    /** Polls the invocation until it ends; empty if SSM has not ended it by the time its own timeouts would have. */
    private Optional<GetCommandInvocationResponse> await(String command, String instance, String environment, PrintWriter err) {
        Instant sent = clock.instant();
        Instant giveUp = sent.plus(DELIVERY_TIMEOUT).plus(EXECUTION_TIMEOUT).plus(Duration.ofMinutes(1));
        CommandInvocationStatus reported = null;
        while (clock.instant().isBefore(giveUp)) {
            try {
                GetCommandInvocationResponse invocation = clients.ssm().getCommandInvocation(request -> request
                        .commandId(command).instanceId(instance));
                if (FINAL.contains(invocation.status())) {
                    return Optional.of(invocation);
                }
                if (invocation.status() != reported) {
                    reported = invocation.status();
                    err.println("berth: " + environment + ": the rollout is " + invocation.statusAsString());
                    err.flush();
                }
            } catch (InvocationDoesNotExistException e) {
                if (clock.instant().isAfter(sent.plus(INVOCATION_APPEARS_WITHIN))) {
                    throw e;
                }
            }
            sleep(pollInterval);
        }
        return Optional.empty();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What berth-apply printed, each line marked as the control plane's; SSM keeps only the start of a long output. */
    static List<String> transcript(GetCommandInvocationResponse invocation) {
        List<String> lines = new ArrayList<>();
        stream(invocation.standardOutputContent(), "  berth-apply | ", lines);
        stream(invocation.standardErrorContent(), "  berth-apply (stderr) | ", lines);
        return lines;
    }

    private static void stream(String content, String prefix, List<String> lines) {
        if (content == null || content.isBlank()) {
            return;
        }
        content.stripTrailing().lines().forEach(line -> lines.add(prefix + line));
        if (content.length() >= SSM_OUTPUT_LIMIT) {
            lines.add(prefix + "[SSM returns the first " + SSM_OUTPUT_LIMIT + " characters; the rest is on the control plane]");
        }
    }

    /** The line a finished invocation ends the command with, and its exit code. */
    static Outcome outcome(String environment, String release, int services, GetCommandInvocationResponse invocation) {
        String instance = invocation.instanceId();
        String details = invocation.statusDetails();
        return switch (invocation.status()) {
            case SUCCESS -> new Outcome(Berth.OK, "berth: " + environment + ": " + services + " Kubernetes service"
                    + (services == 1 ? "" : "s") + " rolled out (release " + release + ")");
            case FAILED -> "Failed".equals(details)
                    ? new Outcome(Berth.FAILED, "berth: " + environment + ": release " + release + " did not roll out: berth-apply"
                            + " exited " + invocation.responseCode() + " on the control plane " + instance + " (its output is above)")
                    : notRun(environment, release, instance, details);
            case TIMED_OUT -> "ExecutionTimedOut".equals(details)
                    ? new Outcome(Berth.FAILED, "berth: " + environment + ": release " + release + " did not roll out within "
                            + EXECUTION_TIMEOUT.toMinutes() + " min: SSM stopped berth-apply on the control plane " + instance
                            + " (its output is above)")
                    : notRun(environment, release, instance, details);
            case CANCELLED -> new Outcome(Berth.FAILED, "berth: " + environment + ": the rollout of release " + release + " was"
                    + " cancelled on the control plane " + instance + " (SSM command " + invocation.commandId() + ")");
            default -> throw new IllegalArgumentException("invocation " + invocation.commandId() + " has not ended: " + invocation.statusAsString());
        };
    }

    /** SSM could not deliver the command, or the instance went away while it ran (Undeliverable, DeliveryTimedOut, Terminated). */
    private static Outcome notRun(String environment, String release, String instance, String details) {
        return new Outcome(Berth.FAILED, "berth: " + environment + ": release " + release + " did not run to its end on the control"
                + " plane " + instance + " (" + details + "): the instance stopped, or its SSM agent is offline; berth deploy "
                + environment + " again once the control plane is back in service");
    }
}
