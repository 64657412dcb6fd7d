package dev.berth.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    static final String LISTENER = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:listener/app/notejam-dev/50dc6c495c0c9188/f2f7dc8efc522ab2";
    static final String WEB_GROUP = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/notejam-dev-web/73e2d6bc24d8a067";
    static final String WEB = "cluster=notejam-dev,service=notejam-dev-web,min=1,max=4,listener=" + LISTENER + ",target-group=" + WEB_GROUP
            + ",idle-alarm=notejam-dev-idle";
    static final String API = "cluster=notejam-dev, service=notejam-dev-api, resource=service/notejam-dev/notejam-dev-api, min=0, max=2,"
            + " listener=" + LISTENER + ", target-group=" + WEB_GROUP.replace("web", "api") + ", idle-alarm=notejam-dev-idle";

    @Test
    void readsEachServiceOfTheEnvironment() {
        ServiceConfig config = ServiceConfig.fromEnvironment(Map.of("BERTH_SERVICES", WEB + ";\n  " + API + ";"));

        assertThat(config.services()).containsExactly(
                new ManagedService("notejam-dev", "notejam-dev-web", new ManagedService.Capacity("service/notejam-dev/notejam-dev-web", 1, 4),
                        new ManagedService.Routing(LISTENER, WEB_GROUP), "notejam-dev-idle"),
                new ManagedService("notejam-dev", "notejam-dev-api", new ManagedService.Capacity("service/notejam-dev/notejam-dev-api", 0, 2),
                        new ManagedService.Routing(LISTENER, WEB_GROUP.replace("web", "api")),
                        "notejam-dev-idle"));
        assertThat(config.services().get(1).awake().wakeCount()).as("a wake-up starts at least one task").isEqualTo(1);
        assertThat(config.idleAlarmed("notejam-dev-idle")).hasSize(2);
        assertThat(config.idleAlarmed("notejam-prod-idle")).isEmpty();
    }

    @Test
    void aMissingVariableIsNamed() {
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("BERTH_SERVICES: not set; expected one entry per service");
        assertThatThrownBy(() -> AwsClients.fromEnvironment(Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("AWS_REGION: not set; Lambda sets it to the function's region");
    }

    @Test
    void eachMistakeNamesTheVariableTheEntryAndTheKey() {
        assertProblem(WEB.replace(",idle-alarm=notejam-dev-idle", ""),
                "BERTH_SERVICES: entry 1 (service notejam-dev-web): missing idle-alarm");
        assertProblem(WEB + ";" + API.replace("max=2", "max=two"),
                "BERTH_SERVICES: entry 2 (service notejam-dev-api): max: expected a whole number of tasks, 0 or more; got 'two'");
        assertProblem(WEB.replace("min=1", "min=5"),
                "BERTH_SERVICES: entry 1 (service notejam-dev-web): min: expected at most max (4); got 5");
        assertProblem(WEB.replace("max=4", "max=0").replace("min=1", "min=0"),
                "BERTH_SERVICES: entry 1 (service notejam-dev-web): max: expected at least 1 (the capacity when awake); got 0");
        assertProblem(WEB.replace("listener=", "rule="),
                "BERTH_SERVICES: entry 1 (service notejam-dev-web): unknown key 'rule'; expected cluster, service, min, max, listener,"
                        + " target-group, idle-alarm and optionally resource");
        assertProblem(WEB.replace("listener=" + LISTENER, "listener=" + WEB_GROUP),
                "BERTH_SERVICES: entry 1 (service notejam-dev-web): listener: expected an application load balancer listener ARN; got '"
                        + WEB_GROUP + "'");
        assertProblem(WEB + ",resource=service/notejam-prod/notejam-dev-web",
                "BERTH_SERVICES: entry 1 (service notejam-dev-web): resource: expected service/notejam-dev/notejam-dev-web (the"
                        + " scalable target of this cluster and service); got 'service/notejam-prod/notejam-dev-web'");
        assertProblem(WEB + ";;" + API, "BERTH_SERVICES: entry 2: is empty");
        assertProblem(WEB + ";" + WEB,
                "BERTH_SERVICES: entry 2 (service notejam-dev-web): names cluster notejam-dev and service notejam-dev-web a second time");
        assertProblem(WEB + ",min=2", "BERTH_SERVICES: entry 1 (service notejam-dev-web): 'min' given twice");
        assertProblem("cluster=notejam-dev,notejam-dev-web", "BERTH_SERVICES: entry 1: expected key=value; got 'notejam-dev-web'");
    }

    private static void assertProblem(String value, String message) {
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(Map.of("BERTH_SERVICES", value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage(message);
    }
}
