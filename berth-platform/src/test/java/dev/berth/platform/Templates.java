package dev.berth.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/** Queries on synthesized CloudFormation templates, and bare stacks to test one construct in. */
public final class Templates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Templates() {
    }

    /** A stack of its own app in eu-central-1, for one construct and what it needs. */
    public static Stack bareStack() {
        return new Stack(new App(), "Test", StackProps.builder()
                .env(Environment.builder().account("111122223333").region("eu-central-1").build())
                .build());
    }

    /** The stack synthesized, as JSON. */
    public static JsonNode template(Stack stack) {
        return JSON.valueToTree(Template.fromStack(stack).toJSON());
    }

    /** Resources of a type, by logical id. */
    public static Map<String, JsonNode> resources(JsonNode template, String type) {
        return resources(template, type, node -> true);
    }

    public static Map<String, JsonNode> resources(JsonNode template, String type, Predicate<JsonNode> filter) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = template.path("Resources").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (entry.getValue().path("Type").asText().equals(type) && filter.test(entry.getValue())) {
                found.put(entry.getKey(), entry.getValue());
            }
        }
        return found;
    }

    public static JsonNode single(JsonNode template, String type) {
        Map<String, JsonNode> found = resources(template, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + "; found " + found.keySet());
        }
        return found.values().iterator().next();
    }

    /** The properties of the one resource of a type. */
    public static JsonNode properties(JsonNode template, String type) {
        return single(template, type).path("Properties");
    }

    /** The one resource of a type whose logical id contains {@code idPart}. */
    public static JsonNode single(JsonNode template, String type, String idPart) {
        List<JsonNode> matching = resources(template, type).entrySet().stream()
                .filter(entry -> entry.getKey().toLowerCase(Locale.ROOT).contains(idPart.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getValue).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + type + " named like " + idPart + "; found " + resources(template, type).keySet());
        }
        return matching.getFirst();
    }

    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.isTextual() ? node.asText() : node.toString()));
        return out;
    }

    public static String tag(JsonNode resource, String key) {
        for (JsonNode tag : resource.path("Properties").path("Tags")) {
            if (tag.path("Key").asText().equals(key)) {
                return tag.path("Value").asText();
            }
        }
        return "";
    }
}
