package dev.berth.cli;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.ServiceModel;
import dev.berth.model.Services;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A secret berth.yaml declares, as an environment has it.
 *
 * @param owner the service that declares it, or {@link Services#SHARED}
 * @param name its name in berth.yaml
 * @param secretName its name in Secrets Manager
 * @param receivers the services that receive it, as {@link #variable()}
 */
record DeclaredSecret(String owner, String name, String secretName, List<String> receivers) {

    DeclaredSecret {
        receivers = List.copyOf(receivers);
    }

    String variable() {
        return ServiceModel.Variables.variableName(name);
    }

    /** Every secret of the environment: each service's own in berth.yaml's order, then the shared ones. */
    static List<DeclaredSecret> of(EnvironmentModel model) {
        List<DeclaredSecret> secrets = new ArrayList<>();
        for (ServiceModel service : model.services().all()) {
            for (String name : service.uses().variables().secrets()) {
                secrets.add(new DeclaredSecret(service.name(), name, model.naming().declaredSecretName(service.name(), name),
                        List.of(service.name())));
            }
        }
        List<String> everyService = model.services().all().stream().map(ServiceModel::name).toList();
        for (String name : model.services().sharedSecrets()) {
            secrets.add(new DeclaredSecret(Services.SHARED, name, model.naming().declaredSecretName(Services.SHARED, name),
                    everyService));
        }
        return secrets;
    }

    /**
     * The secret {@code owner} (a service, or {@link Services#SHARED}) declares as {@code name}.
     *
     * @throws UsageFailure naming what {@code config} declares instead
     */
    static DeclaredSecret find(EnvironmentModel model, Path config, String owner, String name) {
        requireOwner(model, config, owner);
        List<DeclaredSecret> all = of(model);
        return all.stream().filter(secret -> secret.owner().equals(owner) && secret.name().equals(name)).findFirst()
                .orElseThrow(() -> new UsageFailure("berth: " + config + " declares no secret '" + name + "' for " + owner + "; "
                        + (owner.equals(Services.SHARED) ? "" : owner + " has: " + names(all, owner) + "; ")
                        + Services.SHARED + ": " + names(all, Services.SHARED)));
    }

    /** That {@code owner} is one of the environment's services or {@link Services#SHARED}. */
    static void requireOwner(EnvironmentModel model, Path config, String owner) {
        if (!owner.equals(Services.SHARED) && model.services().named(owner).isEmpty()) {
            throw new UsageFailure("berth: no service '" + owner + "' in " + config + "; it has "
                    + String.join(", ", model.services().all().stream().map(ServiceModel::name).toList())
                    + ", and " + Services.SHARED + " for the secrets every service receives");
        }
    }

    private static String names(List<DeclaredSecret> secrets, String owner) {
        List<String> names = secrets.stream().filter(secret -> secret.owner().equals(owner)).map(DeclaredSecret::name).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
