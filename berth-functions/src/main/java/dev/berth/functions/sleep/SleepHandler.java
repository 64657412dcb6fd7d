package dev.berth.functions.sleep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.berth.functions.AwsClients;
import dev.berth.functions.ManagedService;
import dev.berth.functions.ServiceConfig;
import dev.berth.functions.ServiceSwitch;
import dev.berth.functions.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/**
 * Puts a service to sleep when its idle alarm goes into ALARM (an EventBridge "CloudWatch Alarm State Change" event):
 * its scalable target is bounded to 0–0, so that autoscaling does not start it again; its desired count is set to 0;
 * its listener rule then sends every request to the wake-up function. Each step sets a state, so a second event
 * changes nothing. Only the services of {@code BERTH_SERVICES} whose {@code idle-alarm} is the event's alarm are
 * touched; any other event, or another state, is ignored.
 */
public final class SleepHandler implements RequestHandler<Map<String, Object>, String> {

    private final ServiceConfig config;
    private final ServiceSwitch services;

    /** Lambda's: configuration from the environment, the container's clients. */
    public SleepHandler() {
        this(ServiceConfig.fromEnvironment(System.getenv()), AwsClients.lambda());
    }

    public SleepHandler(ServiceConfig config, AwsClients aws) {
        this.config = config;
        this.services = new ServiceSwitch(aws);
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        Optional<AlarmStateChange> change = AlarmStateChange.from(event);
        if (change.isEmpty()) {
            return log("ignored: not a CloudWatch alarm state change");
        }
        String alarm = change.get().alarmName();
        if (!change.get().inAlarm()) {
            return log("ignored: alarm " + alarm + " is " + change.get().state());
        }
        List<ManagedService> idle = config.idleAlarmed(alarm);
        if (idle.isEmpty()) {
            return log("ignored: alarm " + alarm + " is the idle alarm of none of this function's services");
        }
        List<String> asleep = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (ManagedService service : idle) {
            try {
                putToSleep(service);
                asleep.add(service.label());
            } catch (RuntimeException failure) {
                System.err.println("berth: could not put " + service.label() + " to sleep: " + failure);
                failures.add(failure);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failed = new IllegalStateException("could not put " + failures.size() + " of "
                    + idle.size() + " services to sleep (alarm " + alarm + ")", failures.getFirst());
            failures.stream().skip(1).forEach(failed::addSuppressed);
            throw failed; // Lambda retries an asynchronous invocation that failed
        }
        return log("asleep (alarm " + alarm + "): " + String.join(", ", asleep));
    }

    /**
     * Reads the rule first, so that a rule that does not forward to both target groups leaves the service running;
     * then stops autoscaling, then the tasks, and only then sends requests to the wake-up function: a request it
     * receives finds the service asleep, never half-way.
     */
    private void putToSleep(ManagedService service) {
        Rule rule = services.rule(service);
        Weights.of(rule, service.routing().serviceTargetGroupArn());
        services.bound(service, 0, 0);
        services.desire(service, 0);
        services.route(service, rule, Weights.ASLEEP);
    }

    private static String log(String line) {
        System.out.println("berth sleep: " + line);
        return line;
    }
}
