package dev.berth.cli;

import dev.berth.cli.local.LocalSecrets;
import dev.berth.config.Defaults;
import dev.berth.model.EnvironmentModel;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Writes a declared secret's value, read from standard input.",
                "ENV local writes berth up's value, kept in .berth/secrets.json beside berth.yaml, readable by you alone.",
                "At a terminal the value is asked for and not echoed. Otherwise all of standard input is the value, less"
                        + " one trailing newline: berth secret set prod api stripe-key < stripe-key.txt.",
                "The value becomes the secret's current version. Running tasks keep the value they started with; each task"
                        + " started afterwards (by the next release, a scale-out or a wake) receives the new one.",
                "The value is never printed: the output is the secret's name and its new version's id."})
final class SecretSetCommand implements Callable<Integer> {

    @Mixin
    EnvironmentOptions options;

    @Parameters(index = "1", paramLabel = "SERVICE",
            description = "The service that declares the secret, or shared for the top-level secrets every service receives.")
    String owner;

    @Parameters(index = "2", paramLabel = "NAME", description = "The secret's name in berth.yaml, e.g. stripe-key.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (options.environment.equals(Defaults.LOCAL)) {
            return setLocally();
        }
        EnvironmentModel model = options.model(options.load(spec.commandLine().getErr()));
        DeclaredSecret secret = DeclaredSecret.find(model, options.config, owner, name);
        AwsCredentials.requireAccount(model.naming());
        String version;
        try (SecretStore store = SecretStore.in(model.naming().region())) {
            // Before the value is asked for: no one types a key only to learn it has nowhere to go.
            DescribeSecretResponse existing = store.describe(secret.secretName()).orElseThrow(() -> new UsageFailure(
                    "berth: no secret " + secret.secretName() + " yet; berth deploy " + model.name() + " creates it"));
            if (existing.deletedDate() != null) {
                throw new UsageFailure("berth: " + secret.secretName() + " is scheduled for deletion; restore it first:"
                        + " aws secretsmanager restore-secret --secret-id " + secret.secretName());
            }
            version = store.put(secret.secretName(), value(secret.secretName()));
        }
        spec.commandLine().getOut().println("set " + secret.secretName() + " (version " + version + ")");
        return Berth.OK;
    }

    /** berth up's value: kept in .berth/ beside berth.yaml, never in AWS. */
    private int setLocally() {
        EnvironmentModel model = options.loadFile(spec.commandLine().getErr()).local();
        DeclaredSecret secret = DeclaredSecret.find(model, options.config, owner, name);
        LocalSecrets secrets = LocalSecrets.of(options.config);
        secrets.set(secret.secretName(), value(secret.secretName()));
        spec.commandLine().getOut().println("set " + secret.secretName() + " for berth up (in " + secrets.file() + ")");
        return Berth.OK;
    }

    /**
     * The value on standard input: typed at a terminal, not echoed; else all of it, less the one trailing newline that
     * echo, a heredoc or an editor ends it with. The characters read are cleared; the String the SDK takes cannot be,
     * and is collected like any other.
     */
    private String value(String secretName) {
        Console console = System.console();
        char[] chars;
        if (console != null && console.isTerminal()) {
            PrintWriter err = spec.commandLine().getErr();
            err.print("Value for " + secretName + " (not echoed): ");
            err.flush();
            chars = console.readPassword();
            chars = chars == null ? new char[0] : chars;
        } else {
            chars = withoutTrailingNewline(readAll(System.in));
        }
        try {
            if (chars.length == 0) {
                throw new UsageFailure("berth: the value for " + secretName + " is empty; nothing was written");
            }
            return new String(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** All of {@code in} as UTF-8 text: a value the services receive as an environment variable is text. */
    private static char[] readAll(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            char[] chars = new char[decoded.remaining()];
            decoded.get(chars);
            Arrays.fill(decoded.array(), '\0');
            return chars;
        } catch (CharacterCodingException e) {
            throw new UsageFailure("berth: standard input is not UTF-8 text; nothing was written");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** {@code chars} less one trailing {@code \n} or {@code \r\n}; {@code chars} itself is cleared when a copy is made. */
    private static char[] withoutTrailingNewline(char[] chars) {
        int length = chars.length;
        if (length > 0 && chars[length - 1] == '\n') {
            length--;
            if (length > 0 && chars[length - 1] == '\r') {
                length--;
            }
        }
        if (length == chars.length) {
            return chars;
        }
        char[] trimmed = Arrays.copyOf(chars, length);
        Arrays.fill(chars, '\0');
        return trimmed;
    }
}
