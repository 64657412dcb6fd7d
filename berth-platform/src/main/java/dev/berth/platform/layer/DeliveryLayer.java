package dev.berth.platform.layer;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.ServiceModel;
import dev.berth.platform.Layer;
import dev.berth.platform.LayerOutputs;
import dev.berth.platform.delivery.DeliveryMapping;
import dev.berth.platform.delivery.ImageRepository;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecr.IRepository;

/**
 * What takes an image to the environment: the ECR repository of each service that has no existing one. Its own
 * stack, deployed before the application's, so that an image can be pushed before the first service runs it.
 */
public final class DeliveryLayer implements Layer {

    static final String NAME = "delivery";

    @Override
    public String name() {
        return NAME;
    }

    /** Only where a service has no existing repository: the environment then makes its own. */
    @Override
    public boolean appliesTo(EnvironmentModel model) {
        return model.services().all().stream().anyMatch(service -> service.image().ownRepository());
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
        outputs.publish(new Delivery(Collections.unmodifiableMap(repositories)));
    }
}
