package dev.berth.platform.delivery;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import software.amazon.awscdk.services.kms.IKey;

/** The model's delivery settings as construct props. */
public final class DeliveryMapping {

    private DeliveryMapping() {
    }

    /** The repository the environment creates for a service without an existing one. */
    public static ImageRepository.Props repositoryProps(ServiceModel service, EnvironmentModel model, IKey key) {
        return ImageRepository.Props.builder()
                .repositoryName(service.image().repositoryName(model.naming(), service.name()))
                .key(key)
                .retain(model.lifecycle().deletionProtection())
                .build();
    }
}
