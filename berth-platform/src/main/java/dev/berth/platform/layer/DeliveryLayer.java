package dev.berth.platform.layer;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.ServiceModel;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.delivery.DeliveryMapping;
import dev.berth.platform.delivery.DeployRole;
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

    /** Where a service has no existing repository (the environment then makes its own), or GitHub deploys. */
    @Override
    public boolean appliesTo(EnvironmentModel model) {
        return model.services().all().stream().anyMatch(service -> service.image().ownRepository())
                || model.delivery().gitHub().isPresent();
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
        model.delivery().oidcSubject(model.name()).ifPresent(subject -> {
            List<IRepository> pushedTo = new ArrayList<>();
            List<IRepository> listedOnly = new ArrayList<>();
            for (ServiceModel service : model.services().all()) {
                IRepository repository = repositories.containsKey(service.name()) ? repositories.get(service.name())
                        : Repository.fromRepositoryName(stack, Naming.pascal(service.name()) + "ExistingRepository",
                                service.image().existingRepository());
                (service.image().buildSource().isPresent() ? pushedTo : listedOnly).add(repository);
            }
            DeployRole role = new DeployRole(stack, "GitHubDeploy", DeployRole.Props.builder()
                    .roleName(deployRoleName(model))
                    .subject(subject)
                    .repositories(pushedTo)
                    .readRepositories(listedOnly)
                    .build());
            CfnOutput.Builder.create(stack, "GitHubDeployRoleArn")
                    .description("The role GitHub Actions assumes to release " + model.name() + " (" + subject + ")")
                    .value(role.getRole().getRoleArn())
                    .build();
        });
        outputs.publish(new Delivery(Collections.unmodifiableMap(repositories)));
    }
}
