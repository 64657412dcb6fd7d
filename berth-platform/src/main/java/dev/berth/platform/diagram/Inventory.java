package dev.berth.platform.diagram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the synthesized templates hold that the model does not say: how many keys, secrets, alarms, buckets and
 * schedules the layers made, and which AWS services the VPC endpoints reach. The diagram counts from here, as the cost
 * estimate does, so the two name the same things.
 */
public final class Inventory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<String> interfaceEndpoints = new ArrayList<>();
    private final List<String> gatewayEndpoints = new ArrayList<>();

    private Inventory(List<JsonNode> templates) {
        for (JsonNode template : templates) {
            for (JsonNode resource : template.path("Resources")) {
                String type = resource.path("Type").asText();
                counts.merge(type, 1, Integer::sum);
                if (type.equals("AWS::EC2::VPCEndpoint")) {
                    JsonNode properties = resource.path("Properties");
                    String service = serviceOf(properties.path("ServiceName"));
                    (properties.path("VpcEndpointType").asText().equals("Interface") ? interfaceEndpoints : gatewayEndpoints)
                            .add(service);
                }
            }
        }
    }

    /** The templates of the given stacks, as the synthesis wrote them into the directory. */
    public static Inventory read(Path directory, List<String> stackNames) {
        List<JsonNode> templates = new ArrayList<>();
        for (String stack : stackNames) {
            Path file = directory.resolve(stack + ".template.json");
            try {
                templates.add(JSON.readTree(file.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new Inventory(templates);
    }

    /** How many resources of a CloudFormation type the stacks hold. */
    int count(String type) {
        return counts.getOrDefault(type, 0);
    }

    /** The AWS services the interface endpoints reach, such as {@code ecr.api}, in template order. */
    List<String> interfaceEndpoints() {
        return List.copyOf(interfaceEndpoints);
    }

    /** The AWS services the gateway endpoints reach: {@code s3}, {@code dynamodb}. */
    List<String> gatewayEndpoints() {
        return List.copyOf(gatewayEndpoints);
    }

    /**
     * The service part of an endpoint's service name: {@code com.amazonaws.REGION.ecr.api} is {@code ecr.api}. The
     * CDK writes a gateway endpoint's name as a join around the region reference, whose last part is {@code .s3}.
     */
    private static String serviceOf(JsonNode serviceName) {
        if (serviceName.isTextual()) {
            String[] parts = serviceName.asText().split("\\.", 4);
            return parts.length == 4 ? parts[3] : serviceName.asText();
        }
        JsonNode joined = serviceName.path("Fn::Join").path(1);
        return joined.path(joined.size() - 1).asText().replaceFirst("^\\.", "");
    }
}
