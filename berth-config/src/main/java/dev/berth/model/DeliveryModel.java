package dev.berth.model;

import java.util.Optional;

/**
 * How releases reach an environment.
 *
 * @param github the GitHub repository that deploys, or null when nothing deploys from GitHub Actions
 * @param approval whether a deploy waits for a reviewer (a protected GitHub environment named after the environment)
 * @param deployment how a release replaces the running tasks
 */
public record DeliveryModel(GitHub github, boolean approval, Deployment deployment) implements ModelPart {

    public boolean blueGreen() {
        return deployment == Deployment.BLUE_GREEN;
    }

    public Optional<GitHub> gitHub() {
        return Optional.ofNullable(github);
    }

    /**
     * The OIDC subject GitHub gives the job that deploys this environment: the protected environment's with approval,
     * the branch's otherwise. The deploy role trusts this subject alone.
     */
    public Optional<String> oidcSubject(String environment) {
        return gitHub().filter(repository -> repository.pipeline() == Pipeline.GITHUB_ACTIONS)
                .map(repository -> "repo:" + repository.repository() + ":"
                        + (approval ? "environment:" + environment : "ref:refs/heads/" + repository.branch()));
    }

    /** The CodePipeline that releases the environment, where berth.yaml asks for one. */
    public Optional<GitHub> codePipeline() {
        return gitHub().filter(repository -> repository.pipeline() == Pipeline.CODEPIPELINE);
    }

    /** How a release replaces the running tasks. */
    public enum Deployment {
        /** ECS replaces tasks a few at a time behind the one target group, rolling back if they fail. */
        ROLLING,
        /**
         * CodeDeploy starts the new tasks beside the old ones in a second target group, behind a test listener, then
         * moves the production listener over; the old tasks stay a while for a fast rollback.
         */
        BLUE_GREEN
    }

    /** What runs the releases. */
    public enum Pipeline {
        /** A workflow in the repository (berth ci github), through an OIDC role per environment. */
        GITHUB_ACTIONS,
        /** A CodePipeline per environment in its delivery stack, its source through a CodeConnections connection. */
        CODEPIPELINE
    }

    /**
     * A repository on GitHub that builds, tests and deploys.
     *
     * @param repository {@code OWNER/NAME}
     * @param branch the branch whose pushes deploy
     * @param testCommand the command that builds and tests before anything is pushed
     * @param pipeline what runs the releases
     * @param connection the CodeConnections connection to the repository, with CodePipeline; else null
     */
    public record GitHub(String repository, String branch, String testCommand, Pipeline pipeline, String connection) {

        public String owner() {
            return repository.substring(0, repository.indexOf('/'));
        }

        public String name() {
            return repository.substring(repository.indexOf('/') + 1);
        }
    }
}
