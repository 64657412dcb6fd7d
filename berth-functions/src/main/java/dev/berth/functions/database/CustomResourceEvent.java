package dev.berth.functions.database;

import java.util.Map;

/**
 * The event the CDK's custom-resources Provider framework hands its onEvent function: CloudFormation's request
 * without its response URL, since the framework answers CloudFormation itself. Property values are strings, as
 * CloudFormation passes them.
 *
 * @param requestType Create, Update or Delete
 * @param resourceType the resource's type in the template, e.g. Custom::ServiceDatabase
 * @param logicalResourceId the resource's name in the template
 * @param physicalResourceId the id this function answered when it made the resource; null on Create
 * @param properties the resource's properties
 */
record CustomResourceEvent(RequestType requestType, String resourceType, String logicalResourceId, String physicalResourceId,
        Map<String, Object> properties) {

    enum RequestType { CREATE, UPDATE, DELETE }

    static CustomResourceEvent from(Map<String, Object> event) {
        RequestType request = switch (String.valueOf(event.get("RequestType"))) {
            case "Create" -> RequestType.CREATE;
            case "Update" -> RequestType.UPDATE;
            case "Delete" -> RequestType.DELETE;
            default -> throw new IllegalArgumentException("RequestType " + event.get("RequestType") + ": expected Create, Update or Delete");
        };
        Object properties = event.get("ResourceProperties");
        return new CustomResourceEvent(request, String.valueOf(event.get("ResourceType")), String.valueOf(event.get("LogicalResourceId")),
                (String) event.get("PhysicalResourceId"),
                properties instanceof Map<?, ?> map ? cast(map) : Map.of());
    }

    /** A property's value; a property missing or empty is refused, naming the resource. */
    String property(String name) {
        Object value = properties.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException(logicalResourceId + " (" + resourceType + "): property " + name + " is missing");
        }
        return value.toString();
    }

    @SuppressWarnings("unchecked") // the runtime reads a JSON object into a map of strings
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
