package dev.berth.model;

import java.nio.file.Path;

/** Where a service's container image comes from. */
public sealed interface ImageSource {

    /** Built by the CDK from a Dockerfile at deploy time and pushed to the CDK's asset repository. */
    record DockerBuild(Path context, String dockerfile) implements ImageSource {
    }

    /** An ECR repository CI pushes to; the tag is chosen at deploy time. */
    record EcrRepository(String repositoryName) implements ImageSource {
    }
}
