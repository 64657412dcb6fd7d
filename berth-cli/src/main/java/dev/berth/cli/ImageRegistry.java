package dev.berth.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * An environment's ECR, through the AWS SDK: where a repository is, a login for the engine, and the newest tag
 * pushed. {@code BERTH_REGISTRY} sends images to another registry host (a mirror, or a local registry in tests)
 * while ECR still answers for the repositories and the login.
 */
final class ImageRegistry implements AutoCloseable {

    static final String REGISTRY_VARIABLE = "BERTH_REGISTRY";

    /** A login for the container engine: ECR's user is always AWS, its password a 12-hour token. */
    record Login(String registry, String username, String password) {
    }

    private final EcrClient ecr;
    private final String registryOverride;
    private final String where;

    ImageRegistry(String region, String registryOverride) {
        this(EcrClient.builder().region(Region.of(region)).build(), region, registryOverride);
    }

    ImageRegistry(EcrClient ecr, String region, String registryOverride) {
        this.ecr = ecr;
        this.registryOverride = registryOverride == null || registryOverride.isBlank() ? null : registryOverride;
        this.where = region;
    }

    /** {@code HOST/NAME}: where the repository's images are pushed. */
    String repositoryAddress(String repository) {
        try {
            String uri = ecr.describeRepositories(request -> request.repositoryNames(repository)).repositories().getFirst().repositoryUri();
            return registryOverride == null ? uri : registryOverride + uri.substring(uri.indexOf('/'));
        } catch (RepositoryNotFoundException e) {
            throw new UsageFailure("berth: no ECR repository " + repository + " in " + where + "; an environment creates its"
                    + " repositories in its delivery stack: berth release ENV deploys it, then pushes and deploys");
        }
    }

    Login login() {
        AuthorizationData data = ecr.getAuthorizationToken(request -> { }).authorizationData().getFirst();
        String token = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = token.indexOf(':');
        String registry = registryOverride != null ? registryOverride : data.proxyEndpoint().replaceFirst("^https://", "");
        return new Login(registry, token.substring(0, colon), token.substring(colon + 1));
    }

    /** The tag of the image pushed last to the repository, if it holds any tagged image. */
    Optional<String> newestTag(String repository) {
        try {
            return ecr.describeImagesPaginator(request -> request.repositoryName(repository)).imageDetails().stream()
                    .filter(image -> image.hasImageTags() && !image.imageTags().isEmpty())
                    .max(Comparator.comparing(ImageDetail::imagePushedAt))
                    .map(image -> image.imageTags().getFirst());
        } catch (RepositoryNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        ecr.close();
    }
}
