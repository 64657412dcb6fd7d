package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.cli.BerthProcess.Finished;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * berth diff, destroy and deploy drive the pinned AWS CDK CLI on the synthesized assembly, here against moto's
 * AWS APIs (AWS_ENDPOINT_URL) instead of an account: the CLI reads our assembly and talks CloudFormation.
 */
class CdkCliAgainstMotoTest {

    static ProcessTree moto;
    static String endpoint;

    @BeforeAll
    static void startMoto() throws Exception {
        assumeTrue(onPath("moto_server"), "the CDK CLI test needs moto_server (pip install 'moto[server]')");
        int port = BerthProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        moto = ProcessTree.start(builder);
        endpoint = "http://127.0.0.1:" + port;
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            try {
                client.send(HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/")).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("moto_server did not start");
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.close();
        }
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    static Finished berth(Path home, String... args) throws Exception {
        return BerthProcess.run(againstMoto(home, args), Duration.ofMinutes(5));
    }

    /** {@code berth ARGS...} as its own process, with test credentials, and every AWS API moto's. */
    static ProcessBuilder againstMoto(Path home, String... args) {
        ProcessBuilder builder = BerthProcess.of(args);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().put("HOME", home.toString());
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        builder.environment().put("AWS_DEFAULT_REGION", "eu-central-1");
        builder.environment().put("AWS_ENDPOINT_URL", endpoint);
        return builder;
    }

    @Test
    void diffDestroyDeployAndBootstrapRunThePinnedCdkCliOnTheAssembly(@TempDir Path home) throws Exception {
        String config = BerthCliTest.HOME.resolve("berth.yaml").toString();
        String out = home.resolve("cdk.out").toString();

        Finished diff = berth(home, "diff", "dev", "--config", config, "--out", out);
        assertThat(diff.exit()).as(diff.output()).isZero();
        assertThat(diff.output())
                .contains("Stack notejam-dev-foundation").contains("Stack notejam-dev-data")
                .contains("Stack notejam-dev-delivery").contains("Stack notejam-dev-app").contains("Stack notejam-dev-edge")
                .contains("[+] AWS::CloudFront::Distribution").contains("[+] AWS::WAFv2::WebACL")
                .contains("Stack notejam-dev-operations").contains("[+] AWS::CloudWatch::Alarm")
                .contains("[+] AWS::RDS::DBInstance").contains("[+] AWS::ECR::Repository").contains("[+] AWS::ECS::Service")
                .contains("Stack berth-github-oidc").contains("[+] AWS::IAM::OIDCProvider")
                .contains("Number of stacks with differences: 7");

        Finished destroy = berth(home, "destroy", "dev", "--force", "--config", config, "--out", out);
        assertThat(destroy.exit()).as(destroy.output()).isZero();
        assertThat(destroy.output()).contains("notejam-dev-app: destroyed").contains("notejam-dev-foundation: destroyed");

        // A deploy needs the CDK bootstrap stack of the account: the CLI says so and berth exits 1.
        Finished deploy = berth(home, "deploy", "dev", "--image-tag", "web=1.0.0", "--require-approval", "never",
                "--config", config, "--out", out);
        assertThat(deploy.exit()).as(deploy.output()).isEqualTo(1);
        assertThat(deploy.output()).contains("Has the environment been bootstrapped?");

        Finished bootstrap = berth(home, "bootstrap", "dev", "--config", config, "--out", out);
        assertThat(bootstrap.exit()).as(bootstrap.output()).isZero();
        assertThat(bootstrap.output()).contains("Environment aws://123456789012/eu-central-1 bootstrapped");
    }
}
