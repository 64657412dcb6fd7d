package dev.berth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.platform.delivery.ReleasePipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * A blue/green service's next release for CodeDeploy: {@code taskdef.json}, the newest revision of the service's task
 * definition family (the one the stack deploy just registered, with the new image), and {@code appspec.yaml}, which
 * names the container and port the load balancer sends to. The pipeline's CodeDeploy action registers the first and
 * puts its ARN into the second.
 */
final class CodeDeployRevision {

    /** What RegisterTaskDefinition accepts: the rest of a described task definition (ARN, revision, status...) is ECS's. */
    private static final Set<String> REGISTERED_FIELDS = RegisterTaskDefinitionRequest.builder().build().sdkFields().stream()
            .map(SdkField::locationName).collect(Collectors.toUnmodifiableSet());

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final EcsClient ecs;

    CodeDeployRevision(EcsClient ecs) {
        this.ecs = ecs;
    }

    /**
     * Writes the service's revision into {@code directory}.
     *
     * @param family the service's task definition family
     * @param container the container the load balancer sends to (the service's name)
     * @param port its port
     */
    void write(String family, String container, int port, Path directory) {
        TaskDefinition current;
        try {
            current = ecs.describeTaskDefinition(request -> request.taskDefinition(family)).taskDefinition();
        } catch (ClientException e) {
            throw new UsageFailure("berth: no task definition " + family + " to release blue/green: " + e.awsErrorDetails().errorMessage());
        }
        Map<String, Object> registered = new LinkedHashMap<>();
        json(current).forEach((field, value) -> {
            if (REGISTERED_FIELDS.contains(field)) {
                registered.put(field, value);
            }
        });
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(ReleasePipeline.TASK_DEFINITION_FILE), JSON.writeValueAsString(registered) + "\n");
            Files.writeString(directory.resolve(ReleasePipeline.APP_SPEC_FILE), appSpec(container, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CodeDeploy's AppSpec for an ECS service; the action replaces {@code <TASK_DEFINITION>} with what it registered. */
    static String appSpec(String container, int port) {
        return """
                version: 0.0
                Resources:
                  - TargetService:
                      Type: AWS::ECS::Service
                      Properties:
                        TaskDefinition: <TASK_DEFINITION>
                        LoadBalancerInfo:
                          ContainerName: "%s"
                          ContainerPort: %d
                """.formatted(container, port);
    }

    /** A model object as the API's JSON spells it: its wire names, without the fields it leaves unset. */
    private static Map<String, Object> json(SdkPojo pojo) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap)) {
                fields.put(field.locationName(), value(value));
            }
        }
        return fields;
    }

    private static Object value(Object value) {
        return switch (value) {
            case SdkPojo pojo -> json(pojo);
            case List<?> list -> {
                List<Object> values = new ArrayList<>();
                list.forEach(item -> values.add(value(item)));
                yield values;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> values = new LinkedHashMap<>();
                map.forEach((key, item) -> values.put(key, value(item)));
                yield values;
            }
            case Instant instant -> instant.toString();
            default -> value;
        };
    }
}
