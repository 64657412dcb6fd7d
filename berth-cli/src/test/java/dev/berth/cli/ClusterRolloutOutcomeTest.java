package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * How a rollout's end reads, from the invocation SSM returns: what moto cannot produce (it marks every command Success
 * with no output), the failures, the timeouts and berth-apply's output, built here as SSM would return them.
 */
class ClusterRolloutOutcomeTest {

    static final String RELEASE = "20260514T101500Z-3f9c2a1b7d4e";

    static GetCommandInvocationResponse invocation(CommandInvocationStatus status, String details, int responseCode, String stdout,
            String stderr) {
        return GetCommandInvocationResponse.builder().commandId("0b6f3c5e-1111-2222-3333-444455556666").instanceId("i-0abc123def4567890")
                .status(status).statusDetails(details).responseCode(responseCode)
                .standardOutputContent(stdout).standardErrorContent(stderr).build();
    }

    @Test
    void successCountsTheServicesRolledOut() {
        GetCommandInvocationResponse success = invocation(CommandInvocationStatus.SUCCESS, "Success", 0, "", "");
        assertThat(ClusterRollout.outcome("dev", RELEASE, 2, success))
                .isEqualTo(new ClusterRollout.Outcome(Berth.OK, "berth: dev: 2 Kubernetes services rolled out (release " + RELEASE + ")"));
        assertThat(ClusterRollout.outcome("dev", RELEASE, 1, success).summary())
                .isEqualTo("berth: dev: 1 Kubernetes service rolled out (release " + RELEASE + ")");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            FAILED    | Failed            | 1  | berth: dev: release %s did not roll out: berth-apply exited 1 on the control plane i-0abc123def4567890 (its output is above)
            TIMED_OUT | ExecutionTimedOut | 1  | berth: dev: release %s did not roll out within 15 min: SSM stopped berth-apply on the control plane i-0abc123def4567890 (its output is above)
            TIMED_OUT | DeliveryTimedOut  | -1 | berth: dev: release %s did not run to its end on the control plane i-0abc123def4567890 (DeliveryTimedOut): the instance stopped, or its SSM agent is offline; berth deploy dev again once the control plane is back in service
            FAILED    | Undeliverable     | -1 | berth: dev: release %s did not run to its end on the control plane i-0abc123def4567890 (Undeliverable): the instance stopped, or its SSM agent is offline; berth deploy dev again once the control plane is back in service
            FAILED    | Terminated        | -1 | berth: dev: release %s did not run to its end on the control plane i-0abc123def4567890 (Terminated): the instance stopped, or its SSM agent is offline; berth deploy dev again once the control plane is back in service
            CANCELLED | Cancelled         | -1 | berth: dev: the rollout of release %s was cancelled on the control plane i-0abc123def4567890 (SSM command 0b6f3c5e-1111-2222-3333-444455556666)
            """)
    void everyOtherEndIsExitCode1WithOneLineSayingWhy(CommandInvocationStatus status, String details, int responseCode, String summary) {
        ClusterRollout.Outcome outcome = ClusterRollout.outcome("dev", RELEASE, 2, invocation(status, details, responseCode, "", ""));
        assertThat(outcome).isEqualTo(new ClusterRollout.Outcome(Berth.FAILED, summary.formatted(RELEASE)));
    }

    @Test
    void berthApplysOutputIsShownLineByLineStandardOutputFirst() {
        GetCommandInvocationResponse failed = invocation(CommandInvocationStatus.FAILED, "Failed", 1, """
                deployment.apps/web serverside-applied
                Waiting for deployment "web" rollout to finish: 0 of 2 updated replicas are available...
                pod shop-dev/web-7d9c-x2x4z: ImagePullBackOff
                  Warning  Failed  12s  kubelet  Failed to pull image "123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop/web:1.4.3"
                """, "error: timed out waiting for the condition\n");

        assertThat(ClusterRollout.transcript(failed)).containsExactly(
                "  berth-apply | deployment.apps/web serverside-applied",
                "  berth-apply | Waiting for deployment \"web\" rollout to finish: 0 of 2 updated replicas are available...",
                "  berth-apply | pod shop-dev/web-7d9c-x2x4z: ImagePullBackOff",
                "  berth-apply |   Warning  Failed  12s  kubelet  Failed to pull image"
                        + " \"123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop/web:1.4.3\"",
                "  berth-apply (stderr) | error: timed out waiting for the condition");
        assertThat(ClusterRollout.transcript(invocation(CommandInvocationStatus.SUCCESS, "Success", 0, "", null))).isEmpty();
    }

    @Test
    void anOutputAsLongAsSsmKeepsSaysItWasCut() {
        String output = ("x".repeat(99) + "\n").repeat(ClusterRollout.SSM_OUTPUT_LIMIT / 100);
        assertThat(ClusterRollout.transcript(invocation(CommandInvocationStatus.FAILED, "Failed", 1, output, "")))
                .hasSize(ClusterRollout.SSM_OUTPUT_LIMIT / 100 + 1)
                .last().isEqualTo("  berth-apply | [SSM returns the first 24000 characters; the rest is on the control plane]");
    }

    @Test
    void aReleaseIsNamedAfterTheTimeInUtcAndTheCommitOfBerthYamlsCheckout(@TempDir Path notACheckout) {
        Instant now = Instant.parse("2026-05-14T10:15:00.123Z");
        assertThat(ClusterRollout.releaseId(now, Optional.of("3f9c2a1b7d4e"))).isEqualTo("20260514T101500Z-3f9c2a1b7d4e");
        assertThat(ClusterRollout.releaseId(now, Optional.empty())).isEqualTo("20260514T101500Z");

        Optional<String> commit = GitRevision.commit(BerthCliTest.HOME);
        assertThat(commit).hasValueSatisfying(hash -> assertThat(hash).matches("[0-9a-f]{12}"));
        assertThat(ClusterRollout.releaseId(now, commit)).matches(ClusterRollout.RELEASE_ID);
        assertThat(GitRevision.commit(notACheckout)).isEmpty();
    }
}
