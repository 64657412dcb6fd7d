package dev.berth.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import dev.berth.functions.sleep.SleepHandler;
import dev.berth.functions.wake.WakeHandler;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScheduledAction;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The scheduler's night and morning with a service that also scales to zero, against moto. The schedule is the
 * platform's: two scheduled actions on the service's scalable target (weekdays 20:00 range 0–0, 07:00 range 1–4, in
 * Berlin's time). Moto stores scheduled actions but does not run them, so each is applied as Application Auto
 * Scaling applies it, from what moto stored: the target's range becomes the action's, and the desired count is
 * brought inside it.
 */
@ExtendWith(Moto.class)
class OffHoursCycleTest {

    static final String ZONE = "Europe/Berlin";

    TestClients clients;
    AwsEnvironment dev;
    SleepHandler sleep;
    WakeHandler wake;
    TestClock clock = new TestClock();

    @BeforeEach
    void environment(MotoServer moto) {
        clients = new TestClients(moto);
        dev = AwsEnvironment.create("dev", clients);
        sleep = new SleepHandler(dev.config(), clients.functions());
        wake = new WakeHandler(dev.config(), clients.functions(), clock);
        schedule("Sleep", "cron(0 20 ? * MON,TUE,WED,THU,FRI *)", 0, 0);
        schedule("Wake", "cron(0 7 ? * MON,TUE,WED,THU,FRI *)", AwsEnvironment.MIN, AwsEnvironment.MAX);
    }

    @Test
    void atNightTheServiceSleepsARequestWakesItAndInTheMorningTheFirstRequestGetsItBack() {
        assertThat(clients.functions().autoScaling().describeScheduledActions(request -> request
                .serviceNamespace(ServiceNamespace.ECS).resourceId(dev.service().awake().resourceId())).scheduledActions())
                .extracting(ScheduledAction::scheduledActionName, ScheduledAction::timezone)
                .containsExactlyInAnyOrder(tuple("Sleep", ZONE), tuple("Wake", ZONE));

        // 20:00: the schedule bounds the service to 0–0; its rule still sends requests to it (the load balancer's 503).
        apply("Sleep");
        assertThat(range()).isEqualTo("0-0");
        assertThat(dev.desiredCount()).isZero();
        assertThat(dev.weights()).isEqualTo(Weights.AWAKE);

        // idle_after later: the idle alarm puts the service's requests on the wake-up function.
        sleep.handleRequest(Events.alarm(dev.service().idleAlarm(), "OK", "ALARM"), null);
        assertThat(dev.weights()).isEqualTo(Weights.ASLEEP);

        // A request at night wakes it, as any request to a sleeping service does.
        ApplicationLoadBalancerResponseEvent night = wake.handleRequest(Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);
        assertThat(night.getStatusCode()).isEqualTo(503);
        assertThat(range()).isEqualTo(AwsEnvironment.MIN + "-" + AwsEnvironment.MAX);
        assertThat(dev.desiredCount()).isEqualTo(1);

        // Idle again, asleep again, until the morning.
        sleep.handleRequest(Events.alarm(dev.service().idleAlarm(), "OK", "ALARM"), null);
        assertThat(range()).isEqualTo("0-0");
        assertThat(dev.desiredCount()).isZero();

        // 07:00: the schedule gives the range back and the service starts, its requests still at the wake-up function.
        apply("Wake");
        assertThat(range()).isEqualTo(AwsEnvironment.MIN + "-" + AwsEnvironment.MAX);
        assertThat(dev.desiredCount()).isEqualTo(AwsEnvironment.MIN);
        assertThat(dev.weights()).isEqualTo(Weights.ASLEEP);

        // The first request of the day: not healthy yet, so it waits; then healthy, and the requests go back to it.
        clients.forgetCalls();
        clock.advance(Duration.ofSeconds(5));
        wake.handleRequest(Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);
        assertThat(clients.calls()).as("a service the schedule started is not started again")
                .noneMatch(call -> call.endsWith(".UpdateService") || call.endsWith(".RegisterScalableTarget"));
        assertThat(dev.weights()).isEqualTo(Weights.ASLEEP);
        dev.registerHealthyTask("10.0.1.23");
        clock.advance(Duration.ofSeconds(5));
        wake.handleRequest(Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);
        assertThat(dev.weights()).isEqualTo(Weights.AWAKE);
        assertThat(range()).isEqualTo(AwsEnvironment.MIN + "-" + AwsEnvironment.MAX);
    }

    private void schedule(String name, String expression, int min, int max) {
        clients.functions().autoScaling().putScheduledAction(request -> request
                .serviceNamespace(ServiceNamespace.ECS)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .resourceId(dev.service().awake().resourceId())
                .scheduledActionName(name)
                .schedule(expression)
                .timezone(ZONE)
                .scalableTargetAction(action -> action.minCapacity(min).maxCapacity(max)));
    }

    /** What Application Auto Scaling does when the action's time comes, with the action moto stored. */
    private void apply(String name) {
        ScheduledAction action = clients.functions().autoScaling().describeScheduledActions(request -> request
                        .serviceNamespace(ServiceNamespace.ECS).scheduledActionNames(name)).scheduledActions().getFirst();
        int min = action.scalableTargetAction().minCapacity();
        int max = action.scalableTargetAction().maxCapacity();
        clients.functions().autoScaling().registerScalableTarget(request -> request
                .serviceNamespace(ServiceNamespace.ECS).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .resourceId(action.resourceId()).minCapacity(min).maxCapacity(max));
        int desired = Math.clamp(dev.desiredCount(), min, max);
        clients.functions().ecs().updateService(request -> request.cluster(dev.service().cluster())
                .service(dev.service().service()).desiredCount(desired));
    }

    private String range() {
        ScalableTarget target = dev.scalableTarget();
        return target.minCapacity() + "-" + target.maxCapacity();
    }
}
