package dev.berth.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads from a composed YAML tree that record a {@link Problem} (with the node's line) instead of
 * failing, so one pass reports everything that is wrong.
 */
final class YamlFields {

    private final String file;
    /** A set: a problem of the file's top level is found again while reading each environment. */
    private final Set<Problem> problems = new LinkedHashSet<>();
    private final Set<Problem> warnings = new LinkedHashSet<>();
    /** Where keys that are unknown in one mapping belong instead, for an indentation hint. */
    private Map<String, String> elsewhere = Map.of();

    YamlFields(String file) {
        this.file = file;
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    List<Problem> warnings() {
        return List.copyOf(warnings);
    }

    void problem(Node node, String path, String message) {
        problems.add(new Problem(file, line(node), path, message));
    }

    void warning(Node node, String path, String message) {
        warnings.add(new Problem(file, line(node), path, message));
    }

    /** Keys by name, each with where it belongs, e.g. "domain" to "in an environment (environments.NAME)". */
    void knowKeysElsewhere(Map<String, String> keyPlaces) {
        this.elsewhere = Map.copyOf(keyPlaces);
    }

    /** Where a key belongs when it is not a key of the mapping it was found in, or empty. */
    Optional<String> placeOf(String key) {
        return Optional.ofNullable(elsewhere.get(key));
    }

    static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    static boolean isNull(Node node) {
        return node == null || node.getTag().equals(Tag.NULL);
    }

    /**
     * The entries of a mapping by key, in file order. Keys outside {@code known} are reported with the
     * closest known key; a null node reads as an empty mapping.
     */
    Map<String, Node> mapping(Node node, String path, Collection<String> known) {
        Map<String, Node> entries = new LinkedHashMap<>();
        if (isNull(node)) {
            return entries;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "expected a mapping of " + String.join(", ", known) + "; got " + describe(node));
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = keyNode instanceof ScalarNode scalar ? scalar.getValue() : null;
            String keyPath = join(path, key == null ? "?" : key);
            if (key == null) {
                problem(keyNode, path, "expected a plain key; got " + describe(keyNode));
            } else if (entries.containsKey(key)) {
                problem(keyNode, keyPath, "duplicate key (first at line " + line(entries.get(key)) + ")");
            } else if (!known.contains(key)) {
                String hint = didYouMean(key, known);
                problem(keyNode, keyPath, hint.isEmpty() && placeOf(key).isPresent()
                        ? "is not a key here: '" + key + "' belongs " + placeOf(key).get() + "; check its indentation"
                        : "unknown key" + hint + "; expected one of " + String.join(", ", known));
            } else {
                entries.put(key, tuple.getValueNode());
            }
        }
        return entries;
    }

    /** Entries of a mapping whose keys are names chosen by the user (environments). */
    Map<String, MappingEntry> namedEntries(Node node, String path) {
        Map<String, MappingEntry> entries = new LinkedHashMap<>();
        if (isNull(node)) {
            return entries;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "expected a mapping of names to settings; got " + describe(node));
            return entries;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                problem(keyNode, path, "expected a name; got " + describe(keyNode));
                continue;
            }
            String key = scalar.getValue();
            if (entries.containsKey(key)) {
                problem(keyNode, join(path, key), "duplicate name (first at line "
                        + line(entries.get(key).key()) + ")");
            } else {
                entries.put(key, new MappingEntry(keyNode, tuple.getValueNode()));
            }
        }
        return entries;
    }

    record MappingEntry(Node key, Node value) {
    }

    List<Node> sequence(Node node, String path) {
        if (isNull(node)) {
            return List.of();
        }
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problem(node, path, "expected a list; got " + describe(node));
        return List.of();
    }

    /** A scalar's text; numbers and booleans are accepted as text too (an account id may be unquoted). */
    Optional<String> text(Node node, String path) {
        if (isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode scalar) {
            return Optional.of(scalar.getValue());
        }
        problem(node, path, "expected a text value; got " + describe(node));
        return Optional.empty();
    }

    /** Text that must match a pattern; {@code expectation} says what it should look like. */
    Optional<String> matching(Node node, String path, java.util.regex.Pattern pattern, String expectation) {
        return text(node, path).flatMap(text -> {
            if (pattern.matcher(text).matches()) {
                return Optional.of(text);
            }
            problem(node, path, "expected " + expectation + "; got '" + text + "'");
            return Optional.empty();
        });
    }

    /** A key that must be there: reported against its mapping ({@code parent}) when missing or empty. */
    Optional<Node> required(Map<String, Node> mapping, Node parent, String path, String key) {
        Node node = mapping.get(key);
        if (isNull(node)) {
            problem(node == null ? parent : node, join(path, key), "is required");
            return Optional.empty();
        }
        return Optional.of(node);
    }

    Optional<Integer> integer(Node node, String path, int min, int max) {
        if (isNull(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
            problem(node, path, "expected an integer from " + min + " to " + max + "; got " + describe(node)
                    + quotedHint(node, "-?[0-9][0-9_]*"));
            return Optional.empty();
        }
        long value;
        try {
            value = Long.parseLong(scalar.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            problem(node, path, "expected an integer from " + min + " to " + max + "; got " + describe(node));
            return Optional.empty();
        }
        if (value < min || value > max) {
            problem(node, path, "expected an integer from " + min + " to " + max + "; got " + value);
            return Optional.empty();
        }
        return Optional.of((int) value);
    }

    Optional<Boolean> bool(Node node, String path) {
        if (isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return Optional.of(Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT)));
        }
        problem(node, path, "expected true or false; got " + describe(node) + quotedHint(node, "true|false"));
        return Optional.empty();
    }

    /** A value that would be right without its quotes: say so, since YAML reads a quoted value as text. */
    private static String quotedHint(Node node, String unquoted) {
        if (node instanceof ScalarNode scalar && scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN
                && scalar.getValue().matches(unquoted)) {
            return ", a string: remove the quotes";
        }
        return "";
    }

    /** One of a fixed set of words, keyed by how they are written in the file. */
    <T> Optional<T> oneOf(Node node, String path, Map<String, T> choices) {
        if (isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode scalar && choices.containsKey(scalar.getValue())) {
            return Optional.of(choices.get(scalar.getValue()));
        }
        String got = node instanceof ScalarNode scalar ? "'" + scalar.getValue() + "'" : describe(node);
        String hint = node instanceof ScalarNode scalar ? didYouMean(scalar.getValue(), choices.keySet()) : "";
        problem(node, path, "expected one of " + String.join(", ", choices.keySet()) + "; got " + got + hint);
        return Optional.empty();
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode scalar) {
            return "'" + scalar.getValue() + "'";
        }
        return "nothing";
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A " (did you mean 'x'?)" suffix when a known word is within a couple of edits. */
    static String didYouMean(String word, Collection<String> known) {
        return known.stream()
                .map(candidate -> Map.entry(candidate, editDistance(word, candidate)))
                .filter(scored -> scored.getValue() <= Math.max(2, word.length() / 3))
                .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue))
                .map(best -> " (did you mean '" + best.getKey() + "'?)")
                .orElse("");
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    static <E extends Enum<E>> Map<String, E> byYamlName(E[] values, java.util.function.Function<E, String> name) {
        return java.util.Arrays.stream(values)
                .collect(Collectors.toMap(name, v -> v, (a, b) -> a, LinkedHashMap::new));
    }
}
