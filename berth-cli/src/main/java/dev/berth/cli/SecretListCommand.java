package dev.berth.cli;

import dev.berth.model.EnvironmentModel;
import dev.berth.model.Naming;
import dev.berth.model.Services;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists the secrets berth.yaml declares, and which are set.",
                "One line each: the secret, the variable it is received as, the services that receive it, and its state:"
                        + " not deployed (berth deploy creates it), never set (it holds the random value the deploy gave it),"
                        + " set on the date it last changed, or scheduled for deletion.",
                "The environment's secrets berth.yaml no longer declares are listed as not declared: removing one from"
                        + " berth.yaml keeps it. No value is ever read."})
final class SecretListCommand implements Callable<Integer> {

    static final String NOT_DECLARED = "not declared (kept: secrets are retained when removed from berth.yaml)";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Mixin
    EnvironmentOptions options;

    @Parameters(index = "1", paramLabel = "SERVICE", arity = "0..1",
            description = "Only this service's secrets and the shared ones; shared for the shared ones alone.")
    String service;

    @Spec
    CommandSpec spec;

    /** One line of the list. */
    record Row(String secret, String variable, String receivers, String state) {
    }

    @Override
    public Integer call() {
        EnvironmentModel model = options.model(options.load(spec.commandLine().getErr()));
        if (service != null) {
            DeclaredSecret.requireOwner(model, options.config, service);
        }
        AwsCredentials.requireAccount(model.naming());
        List<DeclaredSecret> declared = DeclaredSecret.of(model).stream().filter(secret -> listed(secret.owner())).toList();
        List<Row> rows = new ArrayList<>();
        try (SecretStore store = SecretStore.in(model.naming().region())) {
            for (DeclaredSecret secret : declared) {
                rows.add(new Row(secret.secretName(), secret.variable(), String.join(", ", secret.receivers()),
                        state(store.describe(secret.secretName()))));
            }
            for (String name : store.namesStartingWith(model.naming().secretName(""))) {
                Optional<String> owner = declarableOwner(model.naming(), name);
                if (owner.filter(this::listed).isPresent() && declared.stream().noneMatch(secret -> secret.secretName().equals(name))) {
                    rows.add(new Row(name, "-", "-", NOT_DECLARED));
                }
            }
        }
        spec.commandLine().getOut().print(render(model, rows));
        return Berth.OK;
    }

    /** Whether the secrets of {@code owner} are listed: all are without SERVICE; with it, its own and the shared ones. */
    private boolean listed(String owner) {
        return service == null || owner.equals(service) || owner.equals(Services.SHARED);
    }

    /**
     * The owner of a secret berth.yaml could have declared ({@code project/env/OWNER/NAME}); empty for one Berth makes
     * for itself: the environment's database, cache and origin secrets, and each service's database secret.
     */
    static Optional<String> declarableOwner(Naming naming, String secretName) {
        String[] ownerAndName = secretName.substring(naming.secretName("").length()).split("/", -1);
        if (ownerAndName.length != 2 || secretName.equals(naming.serviceDatabaseSecretName(ownerAndName[0]))) {
            return Optional.empty();
        }
        return Optional.of(ownerAndName[0]);
    }

    /**
     * A declared secret's state. Never set means no version is labelled AWSPREVIOUS: the deploy creates the secret with
     * one version, and every value put since moves AWSPREVIOUS onto the version it replaces.
     */
    static String state(Optional<DescribeSecretResponse> secret) {
        if (secret.isEmpty()) {
            return "not deployed";
        }
        DescribeSecretResponse described = secret.get();
        if (described.deletedDate() != null) {
            return "scheduled for deletion";
        }
        if (described.versionIdsToStages().values().stream().noneMatch(stages -> stages.contains("AWSPREVIOUS"))) {
            return "never set";
        }
        return "set " + WHEN.format(described.lastChangedDate());
    }

    static String render(EnvironmentModel model, List<Row> rows) {
        StringBuilder out = new StringBuilder("Secrets of " + model.naming().project() + " " + model.name() + "\n\n");
        if (rows.isEmpty()) {
            return out.append("  none: berth.yaml declares none (secrets: [NAME], on a service or at the top level)\n").toString();
        }
        List<Row> table = new ArrayList<>(List.of(new Row("secret", "variable", "received by", "state")));
        table.addAll(rows);
        String format = "  %-" + width(table, Row::secret) + "s  %-" + width(table, Row::variable) + "s  %-"
                + width(table, Row::receivers) + "s  %s%n";
        for (Row row : table) {
            out.append(String.format(format, row.secret(), row.variable(), row.receivers(), row.state()));
        }
        return out.toString();
    }

    private static int width(List<Row> table, Function<Row, String> column) {
        return table.stream().mapToInt(row -> column.apply(row).length()).max().orElseThrow();
    }
}
