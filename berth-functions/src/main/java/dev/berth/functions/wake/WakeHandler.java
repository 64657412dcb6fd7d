package dev.berth.functions.wake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import dev.berth.functions.AwsClients;
import dev.berth.functions.ManagedService;
import dev.berth.functions.ServiceConfig;
import dev.berth.functions.ServiceSwitch;
import dev.berth.functions.Weights;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/**
 * The Lambda target of the wake-up target group: a request to a sleeping service reaches it. It wakes every sleeping
 * service of the environment (scalable target bounded to 0, or desired count 0): their scalable targets get their
 * awake bounds back, their desired count the awake minimum, at least 1. Each service already awake whose rule still
 * sends requests here and whose target group has a healthy target gets its requests back (weights service 1,
 * wake-up 0). The caller gets 503 with {@code Retry-After}, as a page that reloads itself or as JSON: after 5 s,
 * or after 1 s when this request sent the requests back to a service.
 *
 * <p>A burst of requests wakes the services once: a container checks at most every {@link #CHECK_INTERVAL} and
 * answers in between without an AWS call; a service already woken is only read, not updated again.
 */
public final class WakeHandler implements RequestHandler<ApplicationLoadBalancerRequestEvent, ApplicationLoadBalancerResponseEvent> {

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);

    private final ServiceConfig config;
    private final ServiceSwitch services;
    private final InstantSource clock;
    private Instant lastCheck;

    /** Lambda's: configuration from the environment, the container's clients. */
    public WakeHandler() {
        this(ServiceConfig.fromEnvironment(System.getenv()), AwsClients.lambda(), InstantSource.system());
    }

    public WakeHandler(ServiceConfig config, AwsClients aws, InstantSource clock) {
        this.config = config;
        this.services = new ServiceSwitch(aws);
        this.clock = clock;
    }

    @Override
    public ApplicationLoadBalancerResponseEvent handleRequest(ApplicationLoadBalancerRequestEvent request, Context context) {
        String userAgent = StartingPage.header(request, "user-agent");
        if (userAgent != null && userAgent.startsWith("ELB-HealthChecker/")) {
            return StartingPage.healthy(request);
        }
        boolean routedBack = false;
        if (dueForCheck()) {
            try {
                routedBack = check();
            } catch (RuntimeException failure) {
                checkAgainNextTime();
                System.err.println("berth wake: " + failure);
            }
        }
        // This request still gets the page; once requests go back to a service, the next reload should come at once.
        return StartingPage.answer(request, routedBack ? StartingPage.ROUTED_BACK_RETRY_SECONDS : StartingPage.RETRY_AFTER_SECONDS);
    }

    private synchronized boolean dueForCheck() {
        Instant now = clock.instant();
        if (lastCheck != null && now.isBefore(lastCheck.plus(CHECK_INTERVAL))) {
            return false;
        }
        lastCheck = now;
        return true;
    }

    private synchronized void checkAgainNextTime() {
        lastCheck = null;
    }

    /**
     * Wakes the sleeping services, then routes back to each awake one that has a healthy target; returns whether it
     * routed any back. A service whose calls fail is reported and the others are still seen to; the next check
     * tries it again.
     */
    boolean check() {
        List<ManagedService> all = config.services();
        Map<String, ScalableTarget> targets = services.scalableTargets(all);
        Map<String, Service> running = services.ecsServices(all);
        List<String> woken = new ArrayList<>();
        List<ManagedService> awake = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ManagedService service : all) {
            Service ecs = running.get(service.label());
            if (ecs == null) {
                failed.add(service.label() + ": ECS has no such service");
                continue;
            }
            ScalableTarget target = targets.get(service.awake().resourceId());
            boolean bounded = target == null || target.maxCapacity() == 0;
            boolean stopped = ecs.desiredCount() == 0;
            try {
                if (bounded) {
                    services.bound(service, service.awake().min(), service.awake().max());
                }
                if (stopped) {
                    services.desire(service, service.awake().wakeCount());
                }
            } catch (RuntimeException failure) {
                failed.add(service.label() + ": " + failure);
                continue;
            }
            if (bounded || stopped) {
                woken.add(service.label());
            } else {
                awake.add(service);
            }
        }
        List<String> routedBack = new ArrayList<>();
        if (!awake.isEmpty()) {
            Map<String, List<Rule>> listenerRules = services.listenerRules(awake);
            for (ManagedService service : awake) {
                try {
                    Rule rule = ServiceSwitch.ruleOf(service, listenerRules);
                    if (Weights.of(rule, service.routing().serviceTargetGroupArn()).reachWakeUp() && services.hasHealthyTarget(service)
                            && services.route(service, rule, Weights.AWAKE)) {
                        routedBack.add(service.label());
                    }
                } catch (RuntimeException failure) {
                    failed.add(service.label() + ": " + failure);
                }
            }
        }
        if (!woken.isEmpty() || !routedBack.isEmpty()) {
            System.out.println("berth wake: woke " + woken + ", routed requests back to " + routedBack);
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("could not see to " + String.join("; ", failed));
        }
        return !routedBack.isEmpty();
    }
}
