package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * What {@code --help} shows reads as written: each command's summary is one whole sentence, and longer texts are
 * whole paragraphs that picocli wraps to the terminal, never lines broken by hand in the middle of a sentence.
 */
class HelpTextTest {

    /** Starts with a capital, ends with a full stop, and no sentence ends inside. */
    static final Pattern ONE_SENTENCE = Pattern.compile("[A-Z][^\\n]*[^.\\s]\\.");
    /** Each of its sentences ends with a full stop: no text is cut off where a line break used to be. */
    static final Pattern WHOLE_SENTENCES = Pattern.compile("[A-Z][^\\n]*\\.");
    static final Pattern SENTENCE_END_INSIDE = Pattern.compile("[.;:] [A-Z]");

    /** What {@code berth ARGS} prints, at {@code width} columns. */
    static String help(int width, String... args) {
        CommandLine berth = Berth.commandLine();
        berth.setUsageHelpAutoWidth(false);
        berth.setUsageHelpWidth(width);
        StringWriter out = new StringWriter();
        berth.setOut(new PrintWriter(out, true));
        assertThat(berth.execute(args)).isZero();
        return out.toString();
    }

    /**
     * The top command and every subcommand of berth's own, nested ones too (secret set), not picocli's help: each as the
     * arguments before {@code --help}.
     */
    static Stream<List<String>> commands() {
        return commandsFrom(List.of());
    }

    private static Stream<List<String>> commandsFrom(List<String> path) {
        CommandLine command = command(path);
        if (command.getCommand() instanceof CommandLine.HelpCommand) {
            return Stream.empty();
        }
        return Stream.concat(Stream.of(path), command.getSubcommands().keySet().stream().flatMap(name -> {
            List<String> subcommand = new ArrayList<>(path);
            subcommand.add(name);
            return commandsFrom(subcommand);
        }));
    }

    static CommandLine command(List<String> path) {
        CommandLine command = Berth.commandLine();
        for (String name : path) {
            command = command.getSubcommands().get(name);
        }
        return command;
    }

    @Test
    void everyCommandIsListedWithItsSummaryInOneWholeSentenceOnOneLine() {
        // 80: picocli's width off a terminal, and the narrowest one commonly used.
        String help = help(80, "--help");
        String commandList = help.substring(help.indexOf("Commands:\n") + "Commands:\n".length());
        commandList = commandList.substring(0, commandList.indexOf("\n\n"));

        List<String> listed = new ArrayList<>();
        for (String line : commandList.split("\n")) {
            Matcher row = Pattern.compile(" {2}(\\S+) +(.+)").matcher(line);
            assertThat(row.matches()).as("a command and its summary, not a continuation: '%s'", line).isTrue();
            listed.add(row.group(1));
            assertThat(row.group(2)).as("summary of %s", row.group(1)).matches(ONE_SENTENCE)
                    .doesNotContainPattern(SENTENCE_END_INSIDE);
        }
        assertThat(listed).containsExactlyElementsOf(Berth.commandLine().getSubcommands().keySet());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyDescriptionParagraphIsWholeSentencesPrintedUnbroken(List<String> path) {
        String[] paragraphs = command(path).getCommandSpec().usageMessage().description();
        assertThat(paragraphs).isNotEmpty();
        assertThat(paragraphs[0]).as("the summary").matches(ONE_SENTENCE).doesNotContainPattern(SENTENCE_END_INSIDE);

        List<String> args = new ArrayList<>(path);
        args.add("--help");
        // Wide enough that picocli has no paragraph to wrap: each must then be one line of its own.
        List<String> lines = help(1000, args.toArray(String[]::new)).lines().map(String::strip).toList();
        for (String paragraph : paragraphs) {
            assertThat(paragraph).matches(WHOLE_SENTENCES).doesNotContain("%n");
            assertThat(lines).contains(paragraph);
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyOptionIsDescribedInWholeSentencesPrintedUnbroken(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        String help = help(1000, args.toArray(String[]::new));
        for (ArgSpec arg : command(path).getCommandSpec().args()) {
            assertThat(arg.description()).as("%s", arg.paramLabel()).hasSize(1);
            String description = arg.description()[0].replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValue()));
            assertThat(description).matches(WHOLE_SENTENCES);
            assertThat(help.lines()).anySatisfy(line -> assertThat(line).endsWith(" " + description));
        }
    }
}
