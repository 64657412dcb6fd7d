package dev.berth.cli.local;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where every local service's lines go: one stream, each line prefixed with its service's name, padded so the lines
 * align, and in a colour of its own when a person reads a terminal.
 */
public final class LogSink {

    private static final String RESET = "\u001b[0m";
    private static final List<String> COLOURS = List.of("\u001b[36m", "\u001b[33m", "\u001b[35m", "\u001b[32m", "\u001b[34m",
            "\u001b[91m", "\u001b[96m", "\u001b[93m");

    private final PrintWriter out;
    private final boolean colour;
    private final Map<String, String> prefixes = new LinkedHashMap<>();

    /**
     * @param names every name that will write, so that the prefixes align
     * @param colour whether to colour the prefixes
     */
    public LogSink(PrintWriter out, List<String> names, boolean colour) {
        this.out = out;
        this.colour = colour;
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < names.size(); i++) {
            String padded = String.format("%-" + width + "s | ", names.get(i));
            prefixes.put(names.get(i), colour ? COLOURS.get(i % COLOURS.size()) + padded + RESET : padded);
        }
    }

    /** Whether this run prints to a terminal a person reads: colour, unless NO_COLOR says otherwise (no-color.org). */
    public static boolean terminal() {
        var console = System.console();
        String noColour = System.getenv("NO_COLOR");
        return console != null && console.isTerminal() && (noColour == null || noColour.isEmpty());
    }

    /** One line a service wrote. */
    public synchronized void line(String name, String line) {
        out.println(prefixes.getOrDefault(name, name + " | ") + line);
        out.flush();
    }

    /** One line of berth's own. */
    public synchronized void berth(String message) {
        out.println((colour ? "\u001b[1mberth:" + RESET : "berth:") + " " + message);
        out.flush();
    }
}
