package dev.berth.functions;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import dev.berth.functions.sleep.SleepHandler;
import dev.berth.functions.wake.WakeHandler;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fresh JVM's first invocation of a handler, as Lambda makes it: the handler made by its no-arg constructor from
 * the environment variables alone, on the packaged jar's classpath. Prints the answer and the time from JVM start to
 * the invocation's end. {@code sleep ALARM} or {@code wake WAKE_UP_TARGET_GROUP_ARN}.
 */
public final class FirstInvocation {

    public static void main(String[] args) {
        String answer = switch (args[0]) {
            case "sleep" -> new SleepHandler().handleRequest(alarm(args[1]), null);
            case "wake" -> {
                ApplicationLoadBalancerResponseEvent response = new WakeHandler().handleRequest(request(args[1]), null);
                yield response.getStatusCode() + " " + response.getHeaders() + " " + response.getBody().length() + " bytes";
            }
            default -> throw new IllegalArgumentException("sleep ALARM or wake TARGET_GROUP_ARN; got " + args[0]);
        };
        long end = System.currentTimeMillis();
        System.out.println("answer: " + answer);
        System.out.println("first-invocation-ms: " + (end - ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    /** EventBridge's event as the runtime hands it over: nested maps. */
    static Map<String, Object> alarm(String alarmName) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("detail-type", "CloudWatch Alarm State Change");
        event.put("source", "aws.cloudwatch");
        event.put("detail", Map.of("alarmName", alarmName, "state", Map.of("value", "ALARM"), "previousState", Map.of("value", "OK")));
        return event;
    }

    static ApplicationLoadBalancerRequestEvent request(String targetGroupArn) {
        ApplicationLoadBalancerRequestEvent.Elb elb = new ApplicationLoadBalancerRequestEvent.Elb();
        elb.setTargetGroupArn(targetGroupArn);
        ApplicationLoadBalancerRequestEvent.RequestContext context = new ApplicationLoadBalancerRequestEvent.RequestContext();
        context.setElb(elb);
        ApplicationLoadBalancerRequestEvent request = new ApplicationLoadBalancerRequestEvent();
        request.setRequestContext(context);
        request.setHttpMethod("GET");
        request.setPath("/");
        request.setHeaders(Map.of("accept", Events.BROWSER_ACCEPT.replace("*/*;q=0.8", "*/*"), "user-agent", "curl/8.14.1"));
        request.setBody("");
        request.setIsBase64Encoded(false);
        return request;
    }
}
