package dev.berth.platform.delivery;

import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * A service's ECR repository in one environment: images scanned on push, tags immutable (a tag names one image
 * for good, so a deploy by tag is repeatable), encrypted with the environment key, and old images expired.
 */
public final class ImageRepository extends Construct {

    /**
     * @param repositoryName the repository's name
     * @param key the KMS key that encrypts the images
     * @param keptImages the most images kept; older ones expire
     * @param untaggedDays days after which an untagged image (a build's leftover layer) expires
     * @param retain keep the repository and its images when the stack is deleted
     */
    public record Props(String repositoryName, IKey key, int keptImages, int untaggedDays, boolean retain) {

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private String repositoryName;
            private IKey key;
            private int keptImages = 30;
            private int untaggedDays = 3;
            private boolean retain;

            /** Required. */
            public Builder repositoryName(String repositoryName) {
                this.repositoryName = repositoryName;
                return this;
            }

            /** Required. */
            public Builder key(IKey key) {
                this.key = key;
                return this;
            }

            /** Default 30: a month of daily releases to roll back to. */
            public Builder keptImages(int keptImages) {
                this.keptImages = keptImages;
                return this;
            }

            /** Default 3. */
            public Builder untaggedDays(int untaggedDays) {
                this.untaggedDays = untaggedDays;
                return this;
            }

            /** Default false: the repository is emptied and deleted with its stack. */
            public Builder retain(boolean retain) {
                this.retain = retain;
                return this;
            }

            public Props build() {
                if (keptImages < 1 || untaggedDays < 1) {
                    throw new IllegalArgumentException("keptImages and untaggedDays must be at least 1");
                }
                return new Props(Objects.requireNonNull(repositoryName, "repositoryName"), Objects.requireNonNull(key, "key"),
                        keptImages, untaggedDays, retain);
            }
        }
    }

    private final Repository repository;

    public ImageRepository(Construct scope, String id, Props props) {
        super(scope, id);
        this.repository = Repository.Builder.create(this, "Repository")
                .repositoryName(props.repositoryName())
                .imageScanOnPush(true)
                .imageTagMutability(TagMutability.IMMUTABLE)
                .encryption(RepositoryEncryption.KMS)
                .encryptionKey(props.key())
                .removalPolicy(props.retain() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .emptyOnDelete(!props.retain())
                .lifecycleRules(java.util.List.of(
                        LifecycleRule.builder()
                                .description("Untagged images (leftovers of builds) expire after " + props.untaggedDays() + " days")
                                .tagStatus(TagStatus.UNTAGGED)
                                .maxImageAge(Duration.days(props.untaggedDays()))
                                .build(),
                        LifecycleRule.builder()
                                .description("Keep the " + props.keptImages() + " most recent images")
                                .tagStatus(TagStatus.ANY)
                                .maxImageCount(props.keptImages())
                                .build()))
                .build();
    }

    public Repository getRepository() {
        return repository;
    }
}
