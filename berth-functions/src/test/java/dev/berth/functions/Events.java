package dev.berth.functions;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Events as AWS sends them, read from their JSON as the Lambda runtime reads them: EventBridge's alarm state change
 * into maps, the load balancer's request into its event class.
 */
public final class Events {

    public static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    public static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Events() {}

    /** EventBridge's "CloudWatch Alarm State Change" for the alarm, from {@code previous} to {@code state}. */
    public static Map<String, Object> alarm(String alarmName, String previous, String state) {
        String json = resource("alarm-state-change.json")
                .replace("${alarmName}", alarmName).replace("${previousState}", previous).replace("${state}", state);
        try {
            return JSON.readValue(json, new TypeReference<>() {});
        } catch (IOException malformed) {
            throw new UncheckedIOException(malformed);
        }
    }

    /** A browser's GET through the wake-up target group, with the given Accept header. */
    public static ApplicationLoadBalancerRequestEvent request(String wakeUpTargetGroupArn, String accept) {
        return request(wakeUpTargetGroupArn, accept, BROWSER);
    }

    public static ApplicationLoadBalancerRequestEvent request(String wakeUpTargetGroupArn, String accept, String userAgent) {
        String json = resource("alb-request.json").replace("${targetGroupArn}", wakeUpTargetGroupArn)
                .replace("${accept}", accept).replace("${userAgent}", userAgent);
        try {
            return JSON.readValue(json, ApplicationLoadBalancerRequestEvent.class);
        } catch (IOException malformed) {
            throw new UncheckedIOException(malformed);
        }
    }

    /** The same request as the load balancer sends it when the target group has multi-value headers on. */
    public static ApplicationLoadBalancerRequestEvent multiValue(ApplicationLoadBalancerRequestEvent request) {
        ApplicationLoadBalancerRequestEvent multi = new ApplicationLoadBalancerRequestEvent();
        multi.setRequestContext(request.getRequestContext());
        multi.setHttpMethod(request.getHttpMethod());
        multi.setPath(request.getPath());
        multi.setMultiValueQueryStringParameters(Map.of());
        multi.setMultiValueHeaders(request.getHeaders().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, header -> List.of(header.getValue()))));
        multi.setBody(request.getBody());
        multi.setIsBase64Encoded(false);
        return multi;
    }

    private static String resource(String name) {
        try (InputStream in = Events.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
