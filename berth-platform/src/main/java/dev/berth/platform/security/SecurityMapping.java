package dev.berth.platform.security;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Runtime;

/** The model as the environment key's props. */
public final class SecurityMapping {

    private SecurityMapping() {
    }

    public static EnvironmentKey.Props keyProps(EnvironmentModel model) {
        return EnvironmentKey.Props.builder()
                .alias(model.naming().keyAlias())
                .retain(model.lifecycle().deletionProtection())
                .encryptsInstanceVolumes(model.services().all().stream()
                        .anyMatch(service -> service.runtime() instanceof Runtime.Ec2 || service.runtime() instanceof Runtime.Kubernetes))
                .build();
    }
}
