package dev.berth.functions.database;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events the CDK Provider framework hands its onEvent function, as the Java runtime reads them into maps: the
 * CloudFormation request, its properties strings, ServiceToken among them as CloudFormation passes it.
 */
public final class ProviderEvents {

    static final String STACK = "arn:aws:cloudformation:eu-central-1:123456789012:stack/notejam-dev/6a3b2c10-0f1e-11f1-9d5e-0a1b2c3d4e5f";
    static final String SERVICE_TOKEN = "arn:aws:lambda:eu-central-1:123456789012:function:notejam-dev-DatabaseProviderframeworkonEvent";

    private ProviderEvents() {}

    public static Map<String, Object> create(String type, String logicalId, Map<String, String> properties) {
        return event("Create", type, logicalId, properties);
    }

    public static Map<String, Object> update(String type, String logicalId, String physicalId, Map<String, String> properties,
            Map<String, String> oldProperties) {
        Map<String, Object> event = event("Update", type, logicalId, properties);
        event.put("PhysicalResourceId", physicalId);
        event.put("OldResourceProperties", withToken(oldProperties));
        return event;
    }

    public static Map<String, Object> delete(String type, String logicalId, String physicalId, Map<String, String> properties) {
        Map<String, Object> event = event("Delete", type, logicalId, properties);
        event.put("PhysicalResourceId", physicalId);
        return event;
    }

    private static Map<String, Object> event(String request, String type, String logicalId, Map<String, String> properties) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", request);
        event.put("ServiceToken", SERVICE_TOKEN);
        event.put("ResponseURL", "https://cloudformation-custom-resource-response-eucentral1.s3.eu-central-1.amazonaws.com/response");
        event.put("StackId", STACK);
        event.put("RequestId", "6c2e1f40-8d3b-4b7a-9f0e-2a1b3c4d5e6f");
        event.put("LogicalResourceId", logicalId);
        event.put("ResourceType", type);
        event.put("ResourceProperties", withToken(properties));
        return event;
    }

    private static Map<String, Object> withToken(Map<String, String> properties) {
        Map<String, Object> withToken = new LinkedHashMap<>();
        withToken.put("ServiceToken", SERVICE_TOKEN);
        withToken.putAll(properties);
        return withToken;
    }
}
