package dev.berth.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The key reference of berth.yaml, generated from the sections' key declarations and defaults.yaml. */
public final class KeyReference {

    /** The generated table sits between these lines of docs/berth-yaml.md. */
    public static final String BEGIN = "<!-- generated from the key declarations: begin -->";
    public static final String END = "<!-- generated from the key declarations: end -->";

    private static final Pattern DEFAULT_ADDRESS = Pattern.compile("@([a-z0-9_]+(\\.[a-z_-]+)+)");

    private KeyReference() {
    }

    /** A Markdown table: every key with its full path, the values it takes, its default and its meaning. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| key | takes | default | meaning |\n| --- | --- | --- | --- |\n");
        List<Section> sections = Sections.create();
        for (Scope scope : Scope.values()) {
            for (Key key : Sections.keys(sections, scope)) {
                rows(out, scope.path(), key);
            }
        }
        return out.toString();
    }

    private static void rows(StringBuilder out, String parent, Key key) {
        String path = YamlFields.join(parent, key.name());
        out.append("| `").append(path).append("` | ").append(cell(key.type())).append(" | ")
                .append(cell(defaultValue(key.defaultValue()))).append(" | ").append(cell(key.meaning())).append(" |\n");
        for (Key child : key.children()) {
            rows(out, path + key.childPath(), child);
        }
    }

    /** Resolves each {@code @ADDRESS} of a documented default from defaults.yaml. */
    static String defaultValue(String text) {
        Matcher matcher = DEFAULT_ADDRESS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(Defaults.get().describe(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String cell(String text) {
        return text.isEmpty() ? "" : text.replace("|", "\\|");
    }
}
