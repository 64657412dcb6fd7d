package dev.berth.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a service's image is built from and which ECR repository holds it. Images run by tag from ECR: with no
 * repository named, Berth creates one per environment ({@link Naming#repositoryName}); a named repository is an
 * existing one, created and kept by someone else.
 *
 * @param build what {@code berth push} and CI build the image from, or null when it is built elsewhere
 * @param existingRepository the name of an existing ECR repository, or null for the environment's own
 */
public record ImageSource(Build build, String existingRepository) {

    public ImageSource {
        if (build == null && existingRepository == null) {
            throw new IllegalArgumentException("an image is built from a Dockerfile, or pulled from an existing repository, or both");
        }
    }

    /** Built by Berth into the environment's own repository. */
    public static ImageSource built(Path context, String dockerfile) {
        return new ImageSource(new Build(context, dockerfile), null);
    }

    /** Pulled from a repository someone else creates and pushes to. */
    public static ImageSource existing(String repository) {
        return new ImageSource(null, repository);
    }

    public Optional<Build> buildSource() {
        return Optional.ofNullable(build);
    }

    /** Whether the environment creates and owns the service's repository. */
    public boolean ownRepository() {
        return existingRepository == null;
    }

    /** The repository the service's image is pushed to and pulled from in an environment. */
    public String repositoryName(Naming naming, String service) {
        return ownRepository() ? naming.repositoryName(service) : existingRepository;
    }

    /**
     * A Docker build.
     *
     * @param context the build context directory
     * @param dockerfile the Dockerfile, relative to the context
     */
    public record Build(Path context, String dockerfile) {
        public Build {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(dockerfile, "dockerfile");
        }
    }
}
