package dev.berth.platform.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Objects as one multi-document YAML text, the way kubectl reads it: block style, the maps' own key order, a document
 * per object after {@code ---}.
 */
final class ManifestYaml {

    /**
     * Strings kubectl's YAML 1.1 parser takes for booleans but SnakeYAML would write bare: {@code y} and {@code n}. A
     * variable whose value is "y" must reach the pod as the string "y", not fail to decode as a boolean.
     */
    private static final Pattern YAML_11_BOOLEAN_LETTER = Pattern.compile("[yYnN]");

    private ManifestYaml() {
    }

    static String render(List<Map<String, Object>> objects) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        // The same map in two places (a pod template's labels) written out twice, not as an anchor and an alias.
        options.setDereferenceAliases(true);
        Yaml yaml = new Yaml(new QuotingRepresenter(options), options);
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> object : objects) {
            text.append("---\n").append(yaml.dump(object));
        }
        return text.toString();
    }

    /** Multi-line strings (the Corefile) as literal blocks, readable as they are; the letters above in quotes. */
    private static final class QuotingRepresenter extends Representer {

        QuotingRepresenter(DumperOptions options) {
            super(options);
            Represent plain = representers.get(String.class);
            representers.put(String.class, data -> represent((String) data, plain));
        }

        private Node represent(String value, Represent plain) {
            if (value.contains("\n")) {
                return representScalar(Tag.STR, value, DumperOptions.ScalarStyle.LITERAL);
            }
            if (YAML_11_BOOLEAN_LETTER.matcher(value).matches()) {
                return representScalar(Tag.STR, value, DumperOptions.ScalarStyle.DOUBLE_QUOTED);
            }
            return plain.representData(value);
        }
    }
}
