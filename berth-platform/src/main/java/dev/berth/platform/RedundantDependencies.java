package dev.berth.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Drops each {@code DependsOn} entry a resource already has through a {@code Ref} or {@code Fn::GetAtt}: CloudFormation
 * orders a resource after what it references, so the entry changes nothing, and cfn-lint warns of it (W3005). The
 * CDK's own providers (its SDK-call function, its cross-region reference handlers) are made while it synthesizes,
 * too late for an override, hence this pass over the written templates.
 */
final class RedundantDependencies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RedundantDependencies() {
    }

    /** Rewrites every template in the assembly directory that has such an entry. */
    static void strip(Path assembly) {
        if (!Files.isDirectory(assembly)) {
            return;
        }
        try (Stream<Path> files = Files.list(assembly)) {
            for (Path template : files.filter(file -> file.getFileName().toString().endsWith(".template.json")).toList()) {
                JsonNode root = JSON.readTree(template.toFile());
                if (strip(root)) {
                    Files.writeString(template, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the templates in " + assembly, e);
        }
    }

    /** Strips the entries in one template; true when it changed. */
    static boolean strip(JsonNode template) {
        boolean changed = false;
        for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
            JsonNode dependsOn = resource.getValue().path("DependsOn");
            if (!dependsOn.isArray() && !dependsOn.isTextual()) {
                continue;
            }
            Set<String> referenced = new HashSet<>();
            collectReferences(resource.getValue().path("Properties"), referenced);
            ArrayNode kept = JSON.createArrayNode();
            List<JsonNode> entries = new ArrayList<>();
            if (dependsOn.isArray()) {
                dependsOn.forEach(entries::add);
            } else {
                entries.add(dependsOn);
            }
            entries.stream().filter(entry -> !referenced.contains(entry.asText())).forEach(kept::add);
            if (kept.size() != entries.size()) {
                ObjectNode node = (ObjectNode) resource.getValue();
                if (kept.isEmpty()) {
                    node.remove("DependsOn");
                } else {
                    node.set("DependsOn", kept);
                }
                changed = true;
            }
        }
        return changed;
    }

    private static void collectReferences(JsonNode node, Set<String> referenced) {
        if (node.isObject()) {
            if (node.has("Ref") && node.path("Ref").isTextual()) {
                referenced.add(node.path("Ref").asText());
            }
            if (node.has("Fn::GetAtt") && node.path("Fn::GetAtt").isArray()) {
                referenced.add(node.path("Fn::GetAtt").path(0).asText());
            }
            node.elements().forEachRemaining(child -> collectReferences(child, referenced));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectReferences(child, referenced));
        }
    }
}
