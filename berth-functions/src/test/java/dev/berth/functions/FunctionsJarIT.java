package dev.berth.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged jar holds all the functions need, and in a JVM of their own they take everything from the
 * environment variables Lambda sets: the region, the credentials, BERTH_SERVICES, and AWS_ENDPOINT_URL, which the
 * SDK honors (here it leads to moto).
 */
@ExtendWith(Moto.class)
class FunctionsJarIT {

    @Test
    void theJarSleepsAndWakesAServiceFromTheEnvironmentAlone(MotoServer moto) throws Exception {
        TestClients clients = new TestClients(moto);
        AwsEnvironment dev = AwsEnvironment.create("dev", clients);
        Map<String, String> lambda = PackagedJar.lambdaEnvironment(moto, dev.servicesVariable());

        PackagedJar.Run sleep = PackagedJar.run(lambda, List.of(), "sleep", dev.service().idleAlarm());

        assertThat(sleep.exit()).as(sleep.output()).isZero();
        assertThat(sleep.output()).contains("answer: asleep (alarm notejam-dev-web-idle): notejam-dev/notejam-dev-web");
        assertThat(dev.desiredCount()).isZero();
        assertThat(dev.weights()).isEqualTo(Weights.ASLEEP);

        PackagedJar.Run wake = PackagedJar.run(lambda, List.of(), "wake", dev.wakeUpTargetGroupArn());

        assertThat(wake.exit()).as(wake.output()).isZero();
        assertThat(wake.output()).contains("answer: 503 {Content-Type=text/html; charset=utf-8, Retry-After=5, Cache-Control=no-store}");
        assertThat(dev.desiredCount()).isEqualTo(1);
        assertThat(dev.scalableTarget().maxCapacity()).isEqualTo(AwsEnvironment.MAX);
        assertThat(dev.weights()).isEqualTo(Weights.ASLEEP);

        dev.registerHealthyTask("10.0.1.17");
        PackagedJar.Run healthy = PackagedJar.run(lambda, List.of(), "wake", dev.wakeUpTargetGroupArn());

        assertThat(healthy.exit()).as(healthy.output()).isZero();
        assertThat(dev.weights()).isEqualTo(Weights.AWAKE);
    }

    @Test
    void aFunctionWithoutItsConfigurationFailsNamingTheVariable(MotoServer moto) throws Exception {
        Map<String, String> lambda = new java.util.HashMap<>(PackagedJar.lambdaEnvironment(moto, "x"));
        lambda.remove("BERTH_SERVICES");

        PackagedJar.Run unset = PackagedJar.run(lambda, List.of(), "wake", "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/x/1");

        assertThat(unset.exit()).isNotZero();
        assertThat(unset.output()).contains("dev.berth.functions.ConfigurationException: BERTH_SERVICES: not set");

        lambda.put("BERTH_SERVICES", "cluster=notejam-dev,service=notejam-dev-web");
        PackagedJar.Run incomplete = PackagedJar.run(lambda, List.of(), "sleep", "notejam-dev-web-idle");

        assertThat(incomplete.exit()).isNotZero();
        assertThat(incomplete.output()).contains("dev.berth.functions.ConfigurationException: BERTH_SERVICES: entry 1 (service"
                + " notejam-dev-web): missing min, max, listener, target-group, idle-alarm");

        lambda.put("BERTH_SERVICES", ServiceConfigTest.WEB);
        lambda.remove("AWS_REGION");
        PackagedJar.Run noRegion = PackagedJar.run(lambda, List.of(), "sleep", "notejam-dev-web-idle");

        assertThat(noRegion.exit()).isNotZero();
        assertThat(noRegion.output()).contains("dev.berth.functions.ConfigurationException: AWS_REGION: not set");
    }
}
