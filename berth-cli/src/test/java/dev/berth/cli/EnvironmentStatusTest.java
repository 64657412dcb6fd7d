package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.config.BerthYaml;
import dev.berth.model.EnvironmentModel;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.rds.RdsClient;

/** berth status against moto: a service starting, one asleep, the database stopped, the next change. */
class EnvironmentStatusTest {

    static EnvironmentStatus.Clients clients;

    @BeforeAll
    static void startMoto() throws Exception {
        CdkCliAgainstMotoTest.startMoto();
        URI endpoint = URI.create(CdkCliAgainstMotoTest.endpoint);
        StaticCredentialsProvider testing = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        Region region = Region.EU_CENTRAL_1;
        clients = new EnvironmentStatus.Clients(
                CloudFormationClient.builder().region(region).endpointOverride(endpoint).credentialsProvider(testing).build(),
                EcsClient.builder().region(region).endpointOverride(endpoint).credentialsProvider(testing).build(),
                ApplicationAutoScalingClient.builder().region(region).endpointOverride(endpoint).credentialsProvider(testing).build(),
                RdsClient.builder().region(region).endpointOverride(endpoint).credentialsProvider(testing).build());
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (clients != null) {
            clients.close();
        }
        CdkCliAgainstMotoTest.stopMoto();
    }

    static EnvironmentModel model(Path project) {
        return BerthYaml.parse(project.resolve("berth.yaml"), new StringReader("""
                project: notes
                region: eu-central-1
                services:
                  - name: web
                    image: {repository: notes}
                  - name: api
                    image: {repository: notes-api}
                    path: /api/*
                environments:
                  dev:
                    schedule: {awake: Mon-Fri 07:00-20:00, timezone: Europe/Berlin}
                """)).environment("dev").orElseThrow();
    }

    /** A service in moto, its scalable target at min–max, and its desired count. */
    static void service(String name, int desired, int min, int max) {
        clients.ecs().registerTaskDefinition(request -> request.family(name).containerDefinitions(container -> container
                .name(name).image("nginx").memory(512)));
        clients.ecs().createService(request -> request.cluster("notes-dev-cluster").serviceName(name).taskDefinition(name)
                .desiredCount(desired));
        clients.scaling().registerScalableTarget(request -> request.serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/notes-dev-cluster/" + name).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .minCapacity(min).maxCapacity(max));
    }

    @Test
    void whatRunsWhatSleepsWhatIsInAlarmAndWhenItChanges(@TempDir Path project) {
        EnvironmentModel model = model(project);
        // Nothing deployed yet: said plainly, no error.
        EnvironmentStatus.Report before = EnvironmentStatus.read(model, clients, Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(before.services()).extracting(EnvironmentStatus.ServiceState::state).containsOnly("not deployed");
        assertThat(before.database()).isEqualTo("not deployed");

        clients.ecs().createCluster(request -> request.clusterName("notes-dev-cluster"));
        service("notes-dev-web", 2, 1, 4);
        service("notes-dev-api", 0, 0, 0);
        clients.cloudFormation().createStack(request -> request.stackName("notes-dev-app").templateBody("""
                {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
                 "Outputs": {"ClusterName": {"Value": "notes-dev-cluster"}, "WebServiceName": {"Value": "notes-dev-web"},
                             "ApiServiceName": {"Value": "notes-dev-api"}}}"""));
        clients.rds().createDBInstance(request -> request.dbInstanceIdentifier("notes-dev").engine("postgres")
                .dbInstanceClass("db.t4g.micro").allocatedStorage(20).masterUsername("notes").masterUserPassword("password123"));
        clients.rds().stopDBInstance(request -> request.dbInstanceIdentifier("notes-dev"));

        // Wednesday 10:00 in Berlin: awake until 20:00.
        EnvironmentStatus.Report report = EnvironmentStatus.read(model, clients, Instant.parse("2026-12-02T09:00:00Z"));
        assertThat(report.services()).containsExactly(
                new EnvironmentStatus.ServiceState("web", "starting", 0, 2, "1–4"),
                new EnvironmentStatus.ServiceState("api", "asleep", 0, 0, "0–0"));
        assertThat(report.database()).isEqualTo("stopped");
        assertThat(report.nextChange()).isEqualTo("sleeps Wed 2026-12-02 20:00 Europe/Berlin");
        String rendered = EnvironmentStatus.render(model, report);
        assertThat(rendered).contains("Status of notes dev").containsPattern("api\\s+asleep\\s+0\\s+0\\s+0–0")
                .contains("database  stopped");
        // Friday night: asleep through the weekend until Monday 07:00.
        assertThat(EnvironmentStatus.nextChange(model, Instant.parse("2026-12-04T21:00:00Z")))
                .isEqualTo("wakes Mon 2026-12-07 07:00 Europe/Berlin");
    }
}
