package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.model.DeliveryModel;
import dev.berth.model.EnvironmentModel;
import dev.berth.platform.layer.DeliveryLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * The GitHub Actions workflow that builds, tests and releases a berth.yaml's environments: tests on every push and
 * pull request; on a push to the delivery branch, each environment without approval is released, then each with
 * approval inside the protected GitHub environment of its name. Each release job assumes its environment's deploy
 * role through OIDC, and runs alone (a concurrency group per environment, never cancelled halfway).
 */
final class GitHubWorkflow {

    /** Where the workflow goes in the repository. */
    static final String PATH = ".github/workflows/berth.yml";

    private GitHubWorkflow() {
    }

    /**
     * @param config the validated berth.yaml
     * @param configPath berth.yaml's path from the repository's root, as the jobs name it
     */
    static String write(BerthConfig config, String configPath) {
        List<EnvironmentModel> environments = config.environments().keySet().stream()
                .map(name -> config.environment(name).orElseThrow()).toList();
        DeliveryModel.GitHub github = environments.getFirst().delivery().gitHub().orElseThrow(() -> new UsageFailure(
                "berth: " + configPath + " names no GitHub repository to deploy from: add delivery: {github: OWNER/NAME}"));
        if (environments.getFirst().delivery().codePipeline().isPresent()) {
            throw new UsageFailure("berth: " + configPath + " has delivery.pipeline: codepipeline; each environment's"
                    + " CodePipeline (in its delivery stack) releases it, and there is no workflow to write");
        }
        StringBuilder yaml = new StringBuilder();
        yaml.append("""
                # Berth's delivery workflow for %s, written by `berth ci github` from %s.
                # Change berth.yaml and write it again rather than editing this file.
                name: berth
                on:
                  push:
                    branches: [%s]
                  pull_request: {}
                  workflow_dispatch: {}
                permissions:
                  contents: read
                jobs:
                  test:
                    name: Build and test
                    runs-on: ubuntu-latest
                    steps:
                %s      - run: %s
                """.formatted(github.repository(), configPath, quoted(github.branch()), setup(), github.testCommand()));
        List<String> unattended = new ArrayList<>();
        for (EnvironmentModel environment : environments) {
            if (!environment.delivery().approval()) {
                yaml.append(release(environment, configPath, github, List.of("test")));
                unattended.add(jobId(environment));
            }
        }
        List<String> before = unattended.isEmpty() ? List.of("test") : unattended;
        for (EnvironmentModel environment : environments) {
            if (environment.delivery().approval()) {
                yaml.append(release(environment, configPath, github, before));
            }
        }
        return yaml.toString();
    }

    static String jobId(EnvironmentModel environment) {
        return "release-" + environment.name();
    }

    private static String release(EnvironmentModel environment, String configPath, DeliveryModel.GitHub github, List<String> needs) {
        String name = environment.name();
        String account = environment.naming().account() != null ? environment.naming().account() : "${{ vars.AWS_ACCOUNT_ID }}";
        String role = "arn:" + partition(environment.naming().region()) + ":iam::" + account + ":role/"
                + DeliveryLayer.deployRoleName(environment);
        return """
                  %s:
                    name: Release %s
                    needs: [%s]
                    if: github.event_name == 'push' && github.ref == 'refs/heads/%s'
                    runs-on: ubuntu-latest
                %s    permissions:
                      contents: read
                      id-token: write
                    concurrency:
                      group: berth-release-%s
                      cancel-in-progress: false
                    steps:
                %s      - uses: aws-actions/configure-aws-credentials@v4
                        with:
                          role-to-assume: %s
                          aws-region: %s
                      - run: ./berth release %s --config %s --require-approval never
                """.formatted(jobId(environment), name, String.join(", ", needs), github.branch(),
                environment.delivery().approval() ? "    environment: " + name + "\n" : "", name, setup(), role,
                environment.naming().region(), name, configPath);
    }

    /** Checkout, JDK 25 and Node 20 (the CDK runs on it), as steps of a job. */
    private static String setup() {
        return """
                      - uses: actions/checkout@v4
                      - uses: actions/setup-java@v4
                        with:
                          distribution: temurin
                          java-version: '25'
                          cache: maven
                      - uses: actions/setup-node@v4
                        with:
                          node-version: '20'
                """;
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }
}
