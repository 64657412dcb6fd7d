package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.model.EnvironmentModel;
import dev.berth.platform.EnvironmentAssembly;
import dev.berth.platform.edge.OriginVerification;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "rotate-origin", mixinStandardHelpOptions = true,
        description = {"Rotates CloudFront's origin secret with no dropped request.",
                "The origin secret is what CloudFront sends the load balancer as X-Origin-Verify.",
                "A new random value becomes the secret's current version. A first deploy of the application stack has the"
                        + " load balancer accept both versions while CloudFront rolls out the new one (CloudFormation waits"
                        + " until every edge location has it); a second deploy drops the old one."})
final class RotateOriginSecretCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Mixin
    DeployCommand.Approval approval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        BerthConfig config = options.load(err);
        EnvironmentModel model = options.model(config);
        if (model.edge().distribution().isEmpty()) {
            throw new UsageFailure("berth: " + model.name() + " has no CDN (edge.cdn: false), so no origin secret to rotate");
        }
        AwsCredentials.require();
        EnvironmentAssembly assembly = options.synthesize(config, err);
        if (assembly == null) {
            return Berth.FAILED;
        }
        String app = assembly.stack("app").getStackName();
        OriginSecret.Rotation rotation;
        try (OriginSecret secret = OriginSecret.in(model.naming().region())) {
            rotation = secret.rotate(model.naming().secretName("origin-verify"));
        }
        err.println("berth: new origin secret version " + rotation.version() + "; the load balancer accepts it and "
                + rotation.previousVersion() + " while CloudFront rolls it out");
        CdkCli cdk = new CdkCli(CdkCli.berthHome(), err);
        if (cdk.run("deploy", options.assemblyDirectory(), arguments(app, rotation, true)) != 0) {
            return Berth.FAILED;
        }
        err.println("berth: CloudFront sends the new version everywhere; the load balancer now drops the old one");
        return cdk.run("deploy", options.assemblyDirectory(), arguments(app, rotation, false)) == 0 ? Berth.OK : Berth.FAILED;
    }

    /** The application stack alone, with the versions the rotation's step needs; every other parameter as it was. */
    List<String> arguments(String app, OriginSecret.Rotation rotation, boolean bothAccepted) {
        List<String> arguments = new ArrayList<>(List.of(app, "--exclusively"));
        arguments.addAll(approval.cdkArguments());
        arguments.addAll(List.of("--parameters", app + ":" + OriginVerification.VERSION_PARAMETER + "=" + rotation.version(),
                "--parameters", app + ":" + OriginVerification.PREVIOUS_PARAMETER + "=" + (bothAccepted ? rotation.previousVersion() : "")));
        return arguments;
    }
}
