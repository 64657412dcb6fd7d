package dev.berth.functions;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import dev.berth.functions.database.DatabaseResourceHandler;
import dev.berth.functions.database.DatabaseSqlHandler;
import dev.berth.functions.database.ProviderEvents;
import dev.berth.functions.sleep.SleepHandler;
import dev.berth.functions.wake.WakeHandler;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fresh JVM's first invocation of a handler, as Lambda makes it: the handler made by its no-arg constructor from
 * the environment variables alone, on the packaged jar's classpath. Prints the answer and the time from JVM start to
 * the invocation's end. {@code sleep ALARM}, {@code wake WAKE_UP_TARGET_GROUP_ARN}; the database resources' function
 * with {@code cache-secret SECRET_ARN HOST} or {@code service-database MASTER_SECRET_ARN SECRET_ARN}; the SQL function
 * with {@code database-sql HOST PORT MASTER MASTER_PASSWORD DATABASE ROLE PASSWORD}.
 */
public final class FirstInvocation {

    public static void main(String[] args) {
        String answer = switch (args[0]) {
            case "sleep" -> new SleepHandler().handleRequest(alarm(args[1]), null);
            case "wake" -> {
                ApplicationLoadBalancerResponseEvent response = new WakeHandler().handleRequest(request(args[1]), null);
                yield response.getStatusCode() + " " + response.getHeaders() + " " + response.getBody().length() + " bytes";
            }
            case "cache-secret" -> new DatabaseResourceHandler().handleRequest(ProviderEvents.create(DatabaseResourceHandler.CACHE_SECRET,
                    "CacheSecret", Map.of("SecretArn", args[1], "Host", args[2], "Port", "6379", "Tls", "true")), null).toString();
            case "service-database" -> new DatabaseResourceHandler().handleRequest(ProviderEvents.create(DatabaseResourceHandler.SERVICE_DATABASE,
                    "OrdersDatabase", Map.of("MasterSecretArn", args[1], "SecretArn", args[2], "Database", "orders", "Role", "orders",
                            "ReaderHost", "localhost")), null).toString();
            case "database-sql" -> new DatabaseSqlHandler().handleRequest(sqlPayload(args), null).toString();
            default -> throw new IllegalArgumentException("sleep ALARM, wake TARGET_GROUP_ARN, cache-secret SECRET_ARN HOST,"
                    + " service-database MASTER_SECRET_ARN SECRET_ARN or database-sql HOST PORT MASTER PASSWORD DATABASE ROLE PASSWORD;"
                    + " got " + args[0]);
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

    /** The SQL function's payload as the Java runtime hands it over: the port a number. */
    static Map<String, Object> sqlPayload(String[] args) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("host", args[1]);
        payload.put("port", Integer.parseInt(args[2]));
        payload.put("masterUsername", args[3]);
        payload.put("masterPassword", args[4]);
        payload.put("database", args[5]);
        payload.put("role", args[6]);
        payload.put("password", args[7]);
        return payload;
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
