package dev.berth.platform.layer;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.ServiceModel;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.delivery.DeliveryMapping;
import dev.berth.platform.edge.AssetsBucket;
import dev.berth.platform.Retention;
import dev.berth.platform.delivery.DeployRole;
import dev.berth.platform.delivery.ReleasePipeline;
import dev.berth.platform.delivery.ImageRepository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * What takes an image to the environment: the ECR repository of each service that has no existing one, and the
 * role GitHub Actions deploys through. Its own stack, deployed before the application's, so that an image can be
 * pushed before the first service runs it.
 */
public final class DeliveryLayer implements Layer {

    static final String NAME = "delivery";

    @Override
    public String name() {
        return NAME;
    }

    /** The stack output naming the assets bucket, which berth push reads. */
    public static final String ASSETS_BUCKET_OUTPUT = "AssetsBucketName";

    /** Where a service has no existing repository or has static files, or GitHub deploys. */
    @Override
    public boolean appliesTo(EnvironmentModel model) {
        return model.services().all().stream().anyMatch(service -> service.image().ownRepository() || service.assets().isPresent())
                || model.delivery().gitHub().isPresent();
    }

    /**
     * A release role's reach: push to the repositories of the services it builds and list the images of the others;
     * write the static files and the sites; read the environment's stack outputs; deploy in each of its regions.
     */
    private static DeployRole.Props.Builder releaseRoleProps(Stack stack, EnvironmentModel model, Map<String, IRepository> own,
            IBucket assets) {
        List<IRepository> pushedTo = new ArrayList<>();
        List<IRepository> listedOnly = new ArrayList<>();
        for (ServiceModel service : model.services().all()) {
            String id = Naming.pascal(service.name()) + "ExistingRepository";
            IRepository repository = own.containsKey(service.name()) ? own.get(service.name())
                    : Repository.fromRepositoryName(stack, id, service.image().existingRepository());
            (service.image().buildSource().isPresent() ? pushedTo : listedOnly).add(repository);
        }
        List<String> buckets = new ArrayList<>();
        if (assets != null) {
            buckets.add(assets.getBucketArn());
        }
        if (new SitesLayer().appliesTo(model)) {
            // CloudFormation names a stack's buckets after the stack: the sites' buckets start with its name.
            buckets.add("arn:" + stack.getPartition() + ":s3:::" + new SitesLayer().stackName(model) + "-*");
        }
        List<String> stacks = List.of("arn:" + stack.getPartition() + ":cloudformation:" + stack.getRegion() + ":"
                + stack.getAccount() + ":stack/" + model.naming().prefix() + "-*/*");
        List<String> regions = new GlobalEdgeLayer().appliesTo(model) ? List.of(GlobalEdgeLayer.REGION) : List.of();
        return DeployRole.Props.builder().repositories(pushedTo).readRepositories(listedOnly)
                .uploads(new DeployRole.Props.Uploads(buckets, stacks)).bootstrapRegions(regions);
    }

    /** The deployment groups the application layer names for a blue/green environment; null for a rolling one. */
    private static ReleasePipeline.Props.BlueGreen blueGreen(EnvironmentModel model) {
        if (!model.delivery().blueGreen()) {
            return null;
        }
        Map<String, String> groups = new LinkedHashMap<>();
        model.services().all().forEach(service -> groups.put(service.name(), model.naming().codeDeployGroup(service.name())));
        return new ReleasePipeline.Props.BlueGreen(model.naming().codeDeployApplication(), groups);
    }

    /** The role GitHub Actions assumes to release the environment. */
    public static String deployRoleName(EnvironmentModel model) {
        return model.naming().prefix() + "-github-deploy";
    }

    @Override
    public void build(Stack stack, EnvironmentModel model, LayerOutputs outputs) {
        Foundation foundation = outputs.get(Foundation.class);
        Map<String, IRepository> repositories = new LinkedHashMap<>();
        for (ServiceModel service : model.services().all()) {
            if (!service.image().ownRepository()) {
                continue;
            }
            String id = Naming.pascal(service.name()) + "Repository";
            IRepository repository = new ImageRepository(stack, id,
                    DeliveryMapping.repositoryProps(service, model, foundation.key())).getRepository();
            repositories.put(service.name(), repository);
            CfnOutput.Builder.create(stack, id + "Uri")
                    .description("Where " + service.name() + "'s images are pushed")
                    .value(repository.getRepositoryUri())
                    .build();
        }
        IBucket assets = model.services().all().stream().anyMatch(service -> service.assets().isPresent())
                ? new AssetsBucket(stack, "Assets").getBucket() : null;
        if (assets != null) {
            CfnOutput.Builder.create(stack, ASSETS_BUCKET_OUTPUT)
                    .description("Where berth push uploads the services' static files, which CloudFront serves")
                    .value(assets.getBucketName())
                    .build();
        }
        model.delivery().oidcSubject(model.name()).ifPresent(subject -> {
            DeployRole role = new DeployRole(stack, "GitHubDeploy", releaseRoleProps(stack, model, repositories, assets)
                    .roleName(deployRoleName(model))
                    .subject(subject)
                    .build());
            CfnOutput.Builder.create(stack, "GitHubDeployRoleArn")
                    .description("The role GitHub Actions assumes to release " + model.name() + " (" + subject + ")")
                    .value(role.getRole().getRoleArn())
                    .build();
        });
        model.delivery().codePipeline().ifPresent(github -> {
            DeployRole role = new DeployRole(stack, "PipelineRelease", releaseRoleProps(stack, model, repositories, assets)
                    .roleName(model.naming().prefix() + "-pipeline-release")
                    .build());
            ReleasePipeline pipeline = new ReleasePipeline(stack, "ReleasePipeline", ReleasePipeline.Props.builder()
                    .source(new ReleasePipeline.Props.Source(github.connection(), github.owner(), github.name(), github.branch()))
                    .environment(new ReleasePipeline.Props.Target(model.name(), "berth.yaml"))
                    .testCommand(github.testCommand())
                    .role(role.getRole())
                    .key(foundation.key())
                    .settings(new ReleasePipeline.Props.Settings(model.delivery().approval(),
                            Retention.of(model.lifecycle().logRetention()), blueGreen(model)))
                    .build());
            CfnOutput.Builder.create(stack, "ReleasePipelineName")
                    .description("The CodePipeline that releases " + model.name() + " from " + github.repository() + " " + github.branch())
                    .value(pipeline.getPipeline().getPipelineName())
                    .build();
        });
        outputs.publish(new Delivery(Collections.unmodifiableMap(repositories), assets));
    }
}
