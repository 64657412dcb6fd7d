package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.model.EnvironmentModel;
import dev.berth.model.ImageSource;
import dev.berth.model.ServiceModel;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Builds and pushes the services' images and static files.",
                "Each service with a build in berth.yaml is built from its Dockerfile with docker or podman, tagged with"
                        + " the git commit, and pushed after a login with an ECR token. The tag is printed on standard"
                        + " output; berth deploy ENV then deploys it.",
                "A service's static files go to the environment's assets bucket, each site's build to its bucket"
                        + " (once deployed); files already there are not sent again."})
final class PushCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Parameters(index = "1..*", paramLabel = "SERVICE", description = "Services to push (default: every service with a build).")
    List<String> services = new ArrayList<>();

    @Mixin
    BuildOptions build;

    @Spec
    CommandSpec spec;

    /** How images are built and tagged: shared by push and release. */
    static final class BuildOptions {

        @Option(names = "--allow-dirty", description = "Push from a tree with uncommitted changes (tagged COMMIT-dirty-TIME).")
        boolean allowDirty;

        @Mixin
        ImageBuildOptions image;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        BerthConfig config = options.load(err);
        Map<String, String> pushed = push(options.model(config), options.config, chosen(options.model(config), services, options, err), build, err);
        spec.commandLine().getOut().println(pushed.values().iterator().next());
        return Berth.OK;
    }

    /** Builds and pushes {@code chosen}; their tags by service (one tag: one commit). */
    static Map<String, String> push(EnvironmentModel model, java.nio.file.Path configFile, List<ServiceModel> chosen,
            BuildOptions build, PrintWriter err) {
        List<String> buildArguments = build.image.buildArguments;
        List<String> engineOptions = build.image.engineOptions;
        AwsCredentials.require();
        String tag = GitRevision.imageTag(configFile.toAbsolutePath().getParent(), build.allowDirty, Clock.systemUTC());
        ContainerEngine engine = ContainerEngine.find(System.getenv(), err);
        StaticUploads.requireDirectories(model, chosen, configFile);
        Map<String, String> pushed = new LinkedHashMap<>();
        try (ImageRegistry registry = new ImageRegistry(model.naming().region(), System.getenv(ImageRegistry.REGISTRY_VARIABLE))) {
            Map<String, String> addresses = new LinkedHashMap<>();
            for (ServiceModel service : chosen) {
                addresses.put(service.name(), registry.repositoryAddress(service.image().repositoryName(model.naming(), service.name())));
            }
            ImageRegistry.Login login = registry.login();
            engine.login(login.registry(), login.username(), login.password());
            for (ServiceModel service : chosen) {
                ImageSource.Build source = service.image().buildSource().orElseThrow();
                String image = addresses.get(service.name()) + ":" + tag;
                err.println("berth: building " + service.name() + " with " + engine.name() + " as " + image);
                err.flush();
                engine.build(source.context(), source.dockerfile(), image, buildArguments, engineOptions);
                engine.push(image);
                err.println("berth: pushed " + image);
                pushed.put(service.name(), tag);
            }
        } catch (ContainerEngine.EngineFailure e) {
            throw new PushFailure(e.getMessage());
        }
        try (StaticUploads uploads = StaticUploads.in(model.naming().region())) {
            uploads.uploadAssets(model, chosen, err);
            uploads.uploadSites(model, err);
        }
        return pushed;
    }

    /** The services named, or every service with a build; a named one without a build is a usage error. */
    static List<ServiceModel> chosen(EnvironmentModel model, List<String> services, EnvironmentOptions options, PrintWriter err) {
        List<ServiceModel> chosen = new ArrayList<>();
        if (services.isEmpty()) {
            for (ServiceModel service : model.services().all()) {
                if (service.image().buildSource().isPresent()) {
                    chosen.add(service);
                } else {
                    err.println("berth: " + service.name() + " has no build in " + options.config + "; not pushed");
                }
            }
            if (chosen.isEmpty()) {
                throw new UsageFailure("berth: no service of " + options.config + " has a build (image: {build: DIR}) to push");
            }
            return chosen;
        }
        for (String name : services) {
            ServiceModel service = model.services().named(name).orElseThrow(() -> new UsageFailure(
                    "berth: no service '" + name + "' in " + options.config));
            if (service.image().buildSource().isEmpty()) {
                throw new UsageFailure("berth: " + name + " has no build in " + options.config
                        + " (image: {build: DIR, dockerfile: FILE}); its image is pushed elsewhere");
            }
            chosen.add(service);
        }
        return chosen;
    }

    /** The engine failed to build or push: exit 1, like a failed deploy. */
    static final class PushFailure extends RuntimeException {
        PushFailure(String message) {
            super(message);
        }
    }
}
