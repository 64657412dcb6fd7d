package dev.berth.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerResponseEvent;
import dev.berth.functions.sleep.SleepHandler;
import dev.berth.functions.wake.WakeHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;

/**
 * Scale to zero against moto's ECS, Application Auto Scaling and ELBv2: the idle alarm puts the service to sleep, a
 * request wakes it and gets 503, a healthy target gets the requests back; another environment is never touched.
 */
@ExtendWith(Moto.class)
class ScaleToZeroTest {

    TestClients clients;
    AwsEnvironment dev;
    AwsEnvironment prod;
    TestClock clock = new TestClock();
    SleepHandler sleep;
    WakeHandler wake;

    @BeforeEach
    void environments(MotoServer moto) {
        clients = new TestClients(moto);
        dev = AwsEnvironment.create("dev", clients);
        prod = AwsEnvironment.create("prod", clients);
        sleep = new SleepHandler(dev.config(), clients.functions());
        wake = new WakeHandler(dev.config(), clients.functions(), clock);
    }

    @Test
    void anIdleServiceSleepsARequestWakesItAndAHealthyTargetGetsTheRequestsBack() {
        assertThat(dev.weights()).isEqualTo(Weights.AWAKE);
        List<RuleCondition> conditions = dev.conditions();

        String slept = sleep.handleRequest(Events.alarm("notejam-dev-web-idle", "OK", "ALARM"), null);

        assertThat(slept).isEqualTo("asleep (alarm notejam-dev-web-idle): notejam-dev/notejam-dev-web");
        assertThat(dev.desiredCount()).isZero();
        assertThat(bounds(dev.scalableTarget())).isEqualTo("0-0");
        assertThat(dev.weights()).isEqualTo(Weights.ASLEEP);
        assertThat(dev.conditions()).as("the rule's conditions are kept").isEqualTo(conditions);

        ApplicationLoadBalancerResponseEvent page = wake.handleRequest(
                Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);

        assertThat(page.getStatusCode()).isEqualTo(503);
        assertThat(page.getStatusDescription()).isEqualTo("503 Service Unavailable");
        assertThat(page.getHeaders()).containsEntry("Retry-After", "5").containsEntry("Cache-Control", "no-store")
                .containsEntry("Content-Type", "text/html; charset=utf-8");
        assertThat(page.getBody()).contains("<meta http-equiv=\"refresh\" content=\"5\">").contains("Starting up");
        assertThat(page.getIsBase64Encoded()).isFalse();
        assertThat(dev.desiredCount()).isEqualTo(1);
        assertThat(bounds(dev.scalableTarget())).isEqualTo("1-4");
        assertThat(dev.weights()).as("no task is healthy yet: requests still reach the wake-up function").isEqualTo(Weights.ASLEEP);

        clock.advance(Duration.ofSeconds(5));
        ApplicationLoadBalancerResponseEvent json = wake.handleRequest(
                Events.request(dev.wakeUpTargetGroupArn(), "application/json"), null);

        assertThat(json.getStatusCode()).isEqualTo(503);
        assertThat(json.getHeaders()).containsEntry("Retry-After", "5").containsEntry("Cache-Control", "no-store")
                .containsEntry("Content-Type", "application/json");
        assertThat(json.getBody()).isEqualTo("{\"status\":\"starting\",\"retryAfterSeconds\":5}");
        assertThat(dev.weights()).isEqualTo(Weights.ASLEEP);

        dev.registerHealthyTask("10.0.1.17");
        assertThat(clients.functions().loadBalancing().describeTargetHealth(request -> request
                .targetGroupArn(dev.service().routing().serviceTargetGroupArn())).targetHealthDescriptions())
                .singleElement().satisfies(target -> assertThat(target.targetHealth().stateAsString()).isEqualTo("healthy"));
        clock.advance(Duration.ofSeconds(5));
        ApplicationLoadBalancerResponseEvent back = wake.handleRequest(Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);

        assertThat(dev.weights()).isEqualTo(Weights.AWAKE);
        assertThat(back.getStatusCode()).isEqualTo(503);
        assertThat(back.getHeaders()).as("the next request reaches the service: ask again at once").containsEntry("Retry-After", "1");
        assertThat(back.getBody()).contains("<meta http-equiv=\"refresh\" content=\"1\">");
        assertThat(dev.conditions()).isEqualTo(conditions);
        assertThat(dev.desiredCount()).isEqualTo(1);
        assertThat(bounds(dev.scalableTarget())).isEqualTo("1-4");
    }

    @Test
    void anotherEnvironmentIsNeverTouched() {
        Rule prodRule = prod.rule();

        sleep.handleRequest(Events.alarm("notejam-dev-web-idle", "OK", "ALARM"), null);
        sleep.handleRequest(Events.alarm("notejam-prod-web-idle", "OK", "ALARM"), null);
        wake.handleRequest(Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);
        dev.registerHealthyTask("10.0.1.17");
        clock.advance(Duration.ofSeconds(5));
        wake.handleRequest(Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);

        assertThat(dev.weights()).isEqualTo(Weights.AWAKE);
        assertThat(prod.desiredCount()).isEqualTo(AwsEnvironment.MIN);
        assertThat(bounds(prod.scalableTarget())).isEqualTo("1-4");
        assertThat(prod.rule()).isEqualTo(prodRule);
    }

    @Test
    void aSecondAlarmOrASecondRequestChangesNothingMore() {
        sleep.handleRequest(Events.alarm("notejam-dev-web-idle", "OK", "ALARM"), null);
        Rule asleep = dev.rule();

        clients.forgetCalls();
        String again = sleep.handleRequest(Events.alarm("notejam-dev-web-idle", "ALARM", "ALARM"), null);

        assertThat(again).isEqualTo("asleep (alarm notejam-dev-web-idle): notejam-dev/notejam-dev-web");
        assertThat(dev.desiredCount()).isZero();
        assertThat(bounds(dev.scalableTarget())).isEqualTo("0-0");
        assertThat(dev.rule()).isEqualTo(asleep);
        assertThat(clients.calls()).as("the rule already sends requests to the wake-up function").doesNotContain("Elastic Load Balancing v2.ModifyRule");

        wake.handleRequest(Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);
        clients.forgetCalls();
        ApplicationLoadBalancerResponseEvent burst = wake.handleRequest(
                Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);

        assertThat(burst.getStatusCode()).isEqualTo(503);
        assertThat(clients.calls()).as("a request within the check interval answers without calling AWS").isEmpty();

        clock.advance(Duration.ofSeconds(3));
        wake.handleRequest(Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);

        assertThat(clients.calls()).as("a service already woken is read, not updated again")
                .noneMatch(call -> call.endsWith(".UpdateService") || call.endsWith(".RegisterScalableTarget") || call.endsWith(".ModifyRule"));
        assertThat(dev.desiredCount()).isEqualTo(1);
        assertThat(bounds(dev.scalableTarget())).isEqualTo("1-4");
        assertThat(dev.weights()).isEqualTo(Weights.ASLEEP);
    }

    @Test
    void otherEventsStatesAndAlarmsAreIgnored() {
        clients.forgetCalls();
        assertThat(sleep.handleRequest(Events.alarm("notejam-dev-web-idle", "ALARM", "OK"), null))
                .isEqualTo("ignored: alarm notejam-dev-web-idle is OK");
        assertThat(sleep.handleRequest(Events.alarm("notejam-prod-web-idle", "OK", "ALARM"), null))
                .isEqualTo("ignored: alarm notejam-prod-web-idle is the idle alarm of none of this function's services");
        assertThat(sleep.handleRequest(Map.of("source", "aws.events", "detail-type", "Scheduled Event"), null))
                .isEqualTo("ignored: not a CloudWatch alarm state change");
        assertThat(clients.calls()).isEmpty();
        assertThat(dev.desiredCount()).isEqualTo(1);
        assertThat(dev.weights()).isEqualTo(Weights.AWAKE);
    }

    @Test
    void aListenerWithoutTheServicesRuleLeavesTheServiceRunningAndSaysWhy() {
        ManagedService service = dev.service();
        String prodListener = prod.service().routing().listenerArn();
        ManagedService misrouted = new ManagedService(service.cluster(), service.service(), service.awake(),
                new ManagedService.Routing(prodListener, service.routing().serviceTargetGroupArn()), service.idleAlarm());
        SleepHandler misconfigured = new SleepHandler(new ServiceConfig(List.of(misrouted)), clients.functions());

        assertThatThrownBy(() -> misconfigured.handleRequest(Events.alarm("notejam-dev-web-idle", "OK", "ALARM"), null))
                .hasMessage("could not put 1 of 1 services to sleep (alarm notejam-dev-web-idle)")
                .cause().hasMessage("0 rules of listener " + prodListener + " forward to " + service.routing().serviceTargetGroupArn()
                        + "; expected one, the switch of notejam-dev/notejam-dev-web");
        assertThat(dev.desiredCount()).isEqualTo(1);
        assertThat(bounds(dev.scalableTarget())).isEqualTo("1-4");
        assertThat(dev.weights()).isEqualTo(Weights.AWAKE);
        assertThat(prod.desiredCount()).isEqualTo(1);
        assertThat(prod.weights()).isEqualTo(Weights.AWAKE);
    }

    @Test
    void aRuleThatIsNoSwitchLeavesTheServiceRunningAndSaysWhy() {
        clients.functions().loadBalancing().modifyRule(request -> request.ruleArn(dev.ruleArn()).actions(action -> action
                .type("forward").forwardConfig(forward -> forward.targetGroups(group -> group
                        .targetGroupArn(dev.service().routing().serviceTargetGroupArn()).weight(1)))));

        assertThatThrownBy(() -> sleep.handleRequest(Events.alarm("notejam-dev-web-idle", "OK", "ALARM"), null))
                .cause().hasMessage("listener rule " + dev.ruleArn() + " forwards to [" + dev.service().routing().serviceTargetGroupArn()
                        + "]; expected " + dev.service().routing().serviceTargetGroupArn() + " and the wake-up function's target group");
        assertThat(dev.desiredCount()).isEqualTo(1);
        assertThat(bounds(dev.scalableTarget())).isEqualTo("1-4");
    }

    @Test
    void aServiceWhoseCallsFailDoesNotKeepTheOthersAsleep() {
        sleep.handleRequest(Events.alarm("notejam-dev-web-idle", "OK", "ALARM"), null);
        ManagedService gone = new ManagedService("notejam-dev", "notejam-dev-gone",
                new ManagedService.Capacity("service/notejam-dev/notejam-dev-gone", 1, 2), dev.service().routing(), "gone-idle");
        WakeHandler both = new WakeHandler(new ServiceConfig(List.of(gone, dev.service())), clients.functions(), clock);

        ApplicationLoadBalancerResponseEvent page = both.handleRequest(
                Events.request(dev.wakeUpTargetGroupArn(), Events.BROWSER_ACCEPT), null);

        assertThat(page.getStatusCode()).isEqualTo(503);
        assertThat(dev.desiredCount()).isEqualTo(1);
        assertThat(bounds(dev.scalableTarget())).isEqualTo("1-4");
    }

    @Test
    void theLoadBalancersHealthCheckAndMultiValueHeadersAreAnsweredInKind() {
        sleep.handleRequest(Events.alarm("notejam-dev-web-idle", "OK", "ALARM"), null);
        clients.forgetCalls();

        ApplicationLoadBalancerResponseEvent health = wake.handleRequest(Events.request(
                dev.wakeUpTargetGroupArn(), "*/*", "ELB-HealthChecker/2.0"), null);

        assertThat(health.getStatusCode()).isEqualTo(200);
        assertThat(clients.calls()).as("a health check wakes nothing").isEmpty();
        assertThat(dev.desiredCount()).isZero();

        ApplicationLoadBalancerResponseEvent multi = wake.handleRequest(Events.multiValue(
                Events.request(dev.wakeUpTargetGroupArn(), "application/json")), null);

        assertThat(multi.getStatusCode()).isEqualTo(503);
        assertThat(multi.getHeaders()).isNull();
        assertThat(multi.getMultiValueHeaders()).containsEntry("Retry-After", List.of("5"))
                .containsEntry("Cache-Control", List.of("no-store")).containsEntry("Content-Type", List.of("application/json"));
        assertThat(dev.desiredCount()).isEqualTo(1);
    }

    private static String bounds(ScalableTarget target) {
        return target.minCapacity() + "-" + target.maxCapacity();
    }
}
